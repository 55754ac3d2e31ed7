/// What one write can have changed of who may do what, so that what was derived from the store (a
/// principal's compiled grants, its decisions, an account's role carriers) is thrown away only where it
/// could be stale. The store keeps, for each scope, the write generation that last changed it; a cached
/// value stays current while the scopes it depends on (`StandingStamps`) have not moved.
///
/// A write that does not say what it changed changes `everything`: the safe default for any write path
/// that has not been weighed (the guarded writer weighs each change it forwards).
public struct StandingChange: Sendable, Hashable {
    public enum Scope: Sendable, Hashable {
        /// Every cached value of every account.
        case everything
        /// Everything of one account: its custom policies, environments, settings.
        case account(String)
        /// An account's roles as a catalogue (which roles carry which policies), not who holds them.
        case roles(accountID: String)
        /// One principal's holdings: its assignments, its groups, its own row. Principal ids are unique
        /// across accounts, so the account is not part of the scope (a writer's account never decides it).
        case principal(Principal)

        /// The scope's stored name.
        public var key: String {
            switch self {
            case .everything: "*"
            case .account(let id): "a:\(id)"
            case .roles(let accountID): "r:\(accountID)"
            case .principal(let p): "p:\(p.type.rawValue):\(p.id)"
            }
        }
    }

    public private(set) var scopes: Set<Scope>

    public init(_ scopes: Set<Scope> = []) {
        self.scopes = scopes
    }

    public static let everything = StandingChange([.everything])

    public mutating func insert(_ scope: Scope) {
        scopes.insert(scope)
    }

    /// The stored names, `everything` alone when it is one of them.
    public var keys: [String] {
        scopes.contains(.everything) ? [Scope.everything.key] : scopes.map(\.key).sorted()
    }
}

/// The generations at which the scopes a cached value depends on last changed (`StandingChange`): equal
/// stamps mean nothing that value was derived from has been written since.
public struct StandingStamps: Sendable, Hashable {
    /// A principal's grants and decisions in an account: everything, the account, the principal.
    public var principal: Int64
    /// An account's role catalogue: everything, the account, its roles.
    public var roles: Int64
    /// The store's write generation as the stamps were read (every stamp is at most this): while it is the
    /// same, nothing at all has been written, so whatever was current then still is.
    public var generation: Int64

    public init(principal: Int64, roles: Int64, generation: Int64) {
        self.principal = principal
        self.roles = roles
        self.generation = generation
    }

    /// The scopes each stamp covers, for a store to read in one query.
    public static func scopes(accountID: String, principal: Principal?) -> [StandingChange.Scope] {
        [.everything, .account(accountID), .roles(accountID: accountID)] + (principal.map { [.principal($0)] } ?? [])
    }

    /// Folds the stored generation of each scope found (absent ones never changed) into the two stamps.
    public init(accountID: String, principal: Principal?, generations: [String: Int64], generation: Int64) {
        self.generation = generation
        func newest(_ scopes: [StandingChange.Scope]) -> Int64 { scopes.compactMap { generations[$0.key] }.max() ?? 0 }
        self.principal = newest([.everything, .account(accountID)] + (principal.map { [.principal($0)] } ?? []))
        self.roles = newest([.everything, .account(accountID), .roles(accountID: accountID)])
    }
}
