import GatehouseCore

/// A signed-in person on an administration page: who they are, what the Console lets them do, and the
/// services bound to act as them, so the guard weighs every change against what they themselves hold.
struct Visitor: Sendable {
    let signedIn: SignedIn
    let access: ConsoleAccess
    let provisioning: ProvisioningService
    let permissions: PermissionsService
    let accounts: AccountService
    let identity: IdentityService
    let decisions: DecisionService
    let saml: SAMLService

    init(_ signedIn: SignedIn, access: ConsoleAccess, services: GatehouseServices) {
        self.signedIn = signedIn
        self.access = access
        let caller = Caller.principal(Principal(type: .user, id: signedIn.user.id))
        provisioning = services.provisioning.acting(as: caller)
        permissions = services.permissions.acting(as: caller)
        accounts = services.accounts.acting(as: caller)
        identity = services.identity.acting(as: caller)
        saml = services.saml.acting(as: caller)
        decisions = services.decisions
    }

    var user: User { signedIn.user }
    var accountID: String { signedIn.user.accountID }
    var principal: Principal { Principal(type: .user, id: signedIn.user.id) }
}
