import GatehouseCore

/// "Last changed by … on …" for each role assignment an explorer answer goes through, read from the audit
/// log: the event that made the assignment, so an admin sees who gave a role as well as that it grants the
/// access. Nothing is said of an assignment the log has no event for (made before the log, or pruned), and
/// what-if roles were never assigned, so they have none.
struct ExplorerHistory {
    private var notes: [RoleAssignment: String] = [:]
    /// Who was asked about: the holder of a role step that follows the principal step.
    private var principal = Principal(type: .user, id: "")

    static let none = ExplorerHistory()

    /// One read of the log per assignment shown (a path holds at most a few).
    static func load(_ result: CheckResult, principal: Principal, accountID: String, audit: AuditLog) async throws -> ExplorerHistory {
        var history = ExplorerHistory(principal: principal)
        for determining in result.determining {
            for (index, step) in determining.path.enumerated() where index > 0 {
                guard let assignment = history.assignment(step, after: determining.path[index - 1]),
                    history.notes[assignment] == nil
                else { continue }
                if let event = try await audit.lastChange(of: assignment, accountID: accountID) {
                    history.notes[assignment] = "Last changed by \(event.actor.name ?? event.actor.id) on \(ProfilePage.format(event.time))"
                }
            }
        }
        return history
    }

    /// The note for a path's role step, given the step before it (the principal or the group holding the role).
    func note(_ step: CheckResult.Step, after previous: CheckResult.Step) -> String? {
        assignment(step, after: previous).flatMap { notes[$0] }
    }

    /// The assignment a role step stands for; the log matches it by role, holder, scope and instance only, so
    /// its account, source and dates are placeholders (fixed, so the same step always makes the same key).
    private func assignment(_ step: CheckResult.Step, after previous: CheckResult.Step) -> RoleAssignment? {
        guard step.kind == .role, !step.hypothetical else { return nil }
        let holder: Principal
        switch previous.kind {
        case .principal: holder = Principal(type: principal.type, id: previous.id)
        case .group: holder = Principal(type: .group, id: previous.id)
        default: return nil
        }
        return RoleAssignment(
            accountID: "", roleID: step.id, principal: holder, scopeID: step.scopeID, instance: step.instance, source: .explicit,
            createdAt: .distantPast, updatedAt: .distantPast)
    }
}
