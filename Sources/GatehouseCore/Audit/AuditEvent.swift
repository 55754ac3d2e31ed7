import Foundation

/// One recorded change (or, later, security event), sealed into the hash chain: `hash` covers every other
/// field and `previousHash`, so altering, removing or reordering a stored event breaks the chain at that
/// event (`AuditChain.verify`). Written in the same store transaction as the change it records.
public struct AuditEvent: Sendable, Hashable {
    public var id: String
    /// Position in the installation's one chain, from 1 with no gaps: a missing number is a removed event.
    public var sequence: Int64
    /// Whole milliseconds, so the time hashed is the time stored, on every platform.
    public var time: Date
    public var accountID: String
    public var actor: AuditActor
    /// Dotted, object first: `user.create`, `group.member.add`, `role.assign`.
    public var action: String
    public var target: AuditTarget
    /// What changed, as it was and as it became (only the fields that changed on an update); never secrets.
    public var before: JSONValue?
    public var after: JSONValue?
    public var outcome: AuditOutcome
    public var requestID: String?
    public var clientIP: String?
    public var userAgent: String?
    /// `hash` of the event before this one (`AuditChain.genesisHash` for the first), lowercase hex.
    public var previousHash: String
    /// SHA-256 of `previousHash` and `AuditCanonicalEncoding.bytes(of:)`, lowercase hex.
    public var hash: String

    public init(
        id: String, sequence: Int64, time: Date, accountID: String, actor: AuditActor, action: String, target: AuditTarget,
        before: JSONValue?, after: JSONValue?, outcome: AuditOutcome, requestID: String?, clientIP: String?,
        userAgent: String?, previousHash: String, hash: String
    ) {
        self.id = id
        self.sequence = sequence
        self.time = time
        self.accountID = accountID
        self.actor = actor
        self.action = action
        self.target = target
        self.before = before
        self.after = after
        self.outcome = outcome
        self.requestID = requestID
        self.clientIP = clientIP
        self.userAgent = userAgent
        self.previousHash = previousHash
        self.hash = hash
    }

    /// The event's time as hashed and stored: milliseconds since 1970.
    public var timeMilliseconds: Int64 { AuditEvent.milliseconds(time) }

    public static func milliseconds(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded(.down)) }
    public static func date(milliseconds: Int64) -> Date { Date(timeIntervalSince1970: Double(milliseconds) / 1000) }
}

/// Who made the change, named as the wire format names actor types.
public struct AuditActor: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case user
        case apiKey = "api_key"
        case provisioningKey = "provisioning_key"
        /// The operator's `gatehouse` commands (`Caller.local`).
        case cli
        case scim
        case saml
        /// No one signed in (`Caller.anonymous`): the sign-in pages, a link followed.
        case system
    }

    public var type: Kind
    public var id: String
    /// The person's name or email, the key's name, as it was when the event was recorded.
    public var name: String?
    /// How the actor proved who it is: `session` (a person signed in), `basic` (a provisioning key and its
    /// secret), `api_key` (an environment key's signature or secret), `local` (the data directory).
    public var authentication: String?

    public init(type: Kind, id: String, name: String? = nil, authentication: String? = nil) {
        self.type = type
        self.id = id
        self.name = name
        self.authentication = authentication
    }

    /// The actor a guarded write is made for. A group never acts; the operator and the anonymous caller
    /// have no id of their own, so they carry their kind's name. Each door authenticates its kind of
    /// principal one way only, so the kind says how.
    public init(_ caller: Caller) {
        switch caller {
        case .principal(let p):
            switch p.type {
            case .user, .group: self.init(type: .user, id: p.id, authentication: "session")
            case .apiKey: self.init(type: .apiKey, id: p.id, authentication: "api_key")
            case .provisioningKey: self.init(type: .provisioningKey, id: p.id, authentication: "basic")
            }
        case .local: self.init(type: .cli, id: "cli", authentication: "local")
        case .anonymous: self.init(type: .system, id: "system")
        case .identityProvider(_, let entityID): self.init(type: .saml, id: entityID, authentication: "saml")
        }
    }
}

/// What the change was made to: `user`, `group`, `role`, or the principal a role was assigned to.
public struct AuditTarget: Sendable, Hashable {
    public var type: String
    public var id: String
    public var name: String?

    public init(type: String, id: String, name: String? = nil) {
        self.type = type
        self.id = id
        self.name = name
    }
}

public enum AuditOutcome: String, Sendable, Hashable, CaseIterable {
    case success
    /// Only for security events (a failed sign-in): a refused change rolls back with its event.
    case failure
}

/// An event before it is sealed: the store gives it its sequence and the previous hash inside the write
/// transaction (`AuditWriter.append`), so concurrent writers cannot fork the chain.
public struct AuditDraft: Sendable, Hashable {
    /// Nil until sealed: the event's id is made from its sequence (`AuditEventID`).
    public var id: String?
    public var time: Date
    public var accountID: String
    public var actor: AuditActor
    public var action: String
    public var target: AuditTarget
    public var before: JSONValue?
    public var after: JSONValue?
    public var outcome: AuditOutcome
    public var requestID: String?
    public var clientIP: String?
    public var userAgent: String?

    public init(
        id: String? = nil, time: Date = Date(), accountID: String, actor: AuditActor, action: String,
        target: AuditTarget, before: JSONValue? = nil, after: JSONValue? = nil, outcome: AuditOutcome = .success,
        requestID: String? = nil, clientIP: String? = nil, userAgent: String? = nil
    ) {
        self.id = id
        self.time = AuditEvent.date(milliseconds: AuditEvent.milliseconds(time))
        self.accountID = accountID
        self.actor = actor
        self.action = action
        self.target = target
        self.before = before
        self.after = after
        self.outcome = outcome
        self.requestID = requestID
        self.clientIP = clientIP
        self.userAgent = userAgent
    }
}
