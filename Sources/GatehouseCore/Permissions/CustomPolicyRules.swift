/// Custom policy shape rules: scope ids, and one statement per scope.
public enum CustomPolicyRules {
    public static let maxStatementLength = 64 * 1024

    /// Account policies have no scope id; prodenv policies need an environment id or `all`.
    public static func scopeID(_ scopeType: ScopeType, requested: String?) throws(GatehouseError) -> String? {
        switch scopeType {
        case .account: return nil
        case .prodenv:
            guard let requested, !requested.isEmpty else {
                throw .invalidField(field: "scope_id", reason: "is required when scope_type is prodenv (an environment id or all)")
            }
            return requested
        }
    }

    public static func ensureStatementSize(_ statement: String) throws(GatehouseError) {
        guard !statement.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw .invalidField(field: "policy_statement", reason: "must not be empty")
        }
        guard statement.utf8.count <= maxStatementLength else {
            throw .invalidField(field: "policy_statement", reason: "must be at most \(maxStatementLength) bytes")
        }
    }

    /// Two policies with the same statement text (ignoring surrounding white space) in one scope are a conflict.
    public static func sameStatement(_ a: String, _ b: String) -> Bool {
        a.trimmingCharacters(in: .whitespacesAndNewlines) == b.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

import Foundation
