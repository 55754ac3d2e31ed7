import GatehouseCore

/// An audit event as the Audit log shows it: a row of the table, or the whole event with its before/after.
struct AuditEventView {
    let event: AuditEvent

    /// The event's own page.
    var link: String { "/console/audit/\(event.id)" }

    var row: [String: Any] {
        var values: [String: Any] = [
            "id": event.id, "link": link, "time": ProfilePage.format(event.time),
            "actorName": event.actor.name ?? event.actor.id, "actorType": Self.label(event.actor.type),
            "action": event.action, "targetType": event.target.type, "targetName": event.target.name ?? event.target.id,
            "outcome": event.outcome.rawValue, "failed": event.outcome == .failure,
        ]
        values["role"] = role
        return values
    }

    /// The role an assignment event gave or took: its target is the holder, so the row says which role.
    var role: String? {
        guard event.action.hasPrefix("role.assign") || event.action.hasPrefix("role.unassign") else { return nil }
        return (event.after ?? event.before)?.objectValue?["role_id"]?.stringValue
    }

    var detail: [String: Any] {
        var values = row
        let diff = AuditDiff(before: event.before, after: event.after)
        values.merge([
            "sequence": event.sequence, "actorID": event.actor.id, "targetID": event.target.id,
            "authentication": event.actor.authentication.map(Self.authentication) ?? "Not recorded",
            "hash": event.hash, "previousHash": event.previousHash,
            "diff": diff.values, "hasDiff": !diff.rows.isEmpty,
        ]) { $1 }
        // Absent rather than empty, so the page says None.
        values["requestID"] = event.requestID
        values["clientIP"] = event.clientIP
        values["userAgent"] = event.userAgent
        return values
    }

    /// The actor types in the Console's words.
    static func label(_ kind: AuditActor.Kind) -> String {
        switch kind {
        case .user: "User"
        case .apiKey: "API key"
        case .provisioningKey: "Account API key"
        case .cli: "Command line"
        case .scim: "SCIM"
        case .saml: "SAML"
        case .system: "System"
        }
    }

    /// How the actor proved who it was, as `AuditActor.authentication` records it.
    static func authentication(_ recorded: String) -> String {
        switch recorded {
        case "session": "Signed-in session"
        case "basic": "Key and secret (HTTP Basic)"
        case "api_key": "Product environment API key"
        case "local": "Operator on the server's data directory"
        default: recorded
        }
    }
}
