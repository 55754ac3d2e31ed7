/// No escalation: a caller can only give roles whose every system policy it already holds itself (a holder
/// of account-level Master Admin may give any role). Without this, a key allowed to manage roles could
/// hand itself or others more than it has.
public enum EscalationRule {
    public static func ensureCanGrant(_ roles: [Role], grantorHolds held: [HeldRole], grantor: Principal) throws(GatehouseError) {
        if held.contains(where: { $0.role.id == AssignmentRules.masterAdminAccountRoleID }) { return }
        let policies = Set(held.flatMap(\.role.systemPolicyIDs))
        for role in roles {
            let missing = role.systemPolicyIDs.filter { !policies.contains($0) }
            if !missing.isEmpty {
                throw .notAllowed(
                    "\(grantor.type.rawValue) \(grantor.id) cannot grant role \(role.id): it does not itself hold \(missing.joined(separator: ", "))")
            }
        }
    }
}
