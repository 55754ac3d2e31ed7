import GatehouseCore

/// A decision as the Access explorer shows it: Allow or Deny, each deciding policy with the path that led to
/// it (principal → group → role → policy, hypothetical roles marked), and for a deny the permissions that
/// were missing with the roles that carry them; a role step says who last changed that assignment when the
/// audit log knows (`history`).
struct ExplorerAnswer {
    let result: CheckResult
    let question: ExplorerQuestion
    let choices: ExplorerChoices
    let catalog: Catalog
    var history = ExplorerHistory.none

    var values: [String: Any] {
        let allowed = result.decision == .allow
        let usedWhatIf = !question.request.whatIf.isEmpty
        var notes = question.notes + result.notes
        if usedWhatIf { notes.append("The what-if roles were only tried: nothing was assigned.") }
        return [
            "allowed": allowed, "decision": allowed ? "Allow" : "Deny",
            "paths": result.determining.map { determining -> [String: Any] in
                let steps = determining.path.enumerated().map { index, current in
                    step(current, after: index > 0 ? determining.path[index - 1] : nil)
                }
                return ["effect": determining.effect == "forbid" ? "forbids" : "permits", "steps": steps]
            },
            "missing": result.missing.map { missing -> [String: Any] in
                var entry: [String: Any] = [
                    "name": missing.policy.name, "id": missing.policy.id,
                    "roles": missing.roleIDs.map { id in choices.role(id).map(ExplorerChoices.label) ?? id },
                ]
                entry["description"] = missing.policy.description
                entry["on"] = missing.instance.map(instance)
                return entry
            },
            "notes": notes, "evaluationErrors": result.errors, "hypothetical": usedWhatIf,
            "hasPaths": !result.determining.isEmpty, "hasMissing": !result.missing.isEmpty, "hasNotes": !notes.isEmpty,
            "hasEvaluationErrors": !result.errors.isEmpty,
        ]
    }

    private func step(_ step: CheckResult.Step, after previous: CheckResult.Step?) -> [String: Any] {
        var label: String
        var kind: String
        switch step.kind {
        case .principal:
            kind = "Principal"
            label = choices.principalLabels["\(question.request.principal.type.rawValue):\(step.id)"] ?? step.id
        case .group:
            kind = "Group"
            label = step.name ?? step.id
        case .role:
            kind = "Role"
            label = choices.role(step.id).map(ExplorerChoices.label) ?? step.name ?? step.id
            if let scope = choices.environmentName(step.scopeID) { label += " in \(scope)" }
            if let instance = step.instance { label += " on \(self.instance(instance))" }
            switch step.source {
            case .saml?: label += " (given by the SAML identity provider)"
            case .scim?: label += " (given by a SCIM client)"
            case .legacy?: label += " (from the user's legacy role)"
            case .explicit?, nil: break
            }
        case .systemPolicy:
            kind = "Policy"
            label = catalog.policy(id: step.id)?.name ?? step.name ?? step.id
        case .customPolicy:
            kind = "Custom policy"
            label = step.name ?? step.id
        }
        var values: [String: Any] = ["kind": kind, "label": label, "hypothetical": step.hypothetical]
        if let previous { values["lastChange"] = history.note(step, after: previous) }
        return values
    }

    private func instance(_ instance: ContentInstance) -> String {
        "\(instance.kind == .folderID ? "folder" : "collection") \(instance.id)"
    }
}
