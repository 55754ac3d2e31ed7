import Foundation

/// Requested values for a new user; `nil` means "not given".
public struct NewUser: Sendable {
    public var name: String
    public var email: String
    public var role: LegacyRole?
    public var subAccountIDs: [String]?
    public var enabled: Bool?
    public init(name: String, email: String, role: LegacyRole? = nil, subAccountIDs: [String]? = nil, enabled: Bool? = nil) {
        self.name = name
        self.email = email
        self.role = role
        self.subAccountIDs = subAccountIDs
        self.enabled = enabled
    }
}

/// A partial user update: `nil` leaves the field unchanged.
public struct UserChanges: Sendable {
    public var name: String?
    public var email: String?
    public var role: LegacyRole?
    public var subAccountIDs: [String]?
    public var enabled: Bool?
    public init(name: String? = nil, email: String? = nil, role: LegacyRole? = nil, subAccountIDs: [String]? = nil, enabled: Bool? = nil) {
        self.name = name
        self.email = email
        self.role = role
        self.subAccountIDs = subAccountIDs
        self.enabled = enabled
    }
}

public struct NewEnvironment: Sendable {
    public var name: String
    public var cloudName: String?
    public var description: String?
    public var baseSubAccountID: String?
    public var customAttributes: [String: JSONValue]?
    public var enabled: Bool?
    public init(
        name: String, cloudName: String? = nil, description: String? = nil, baseSubAccountID: String? = nil,
        customAttributes: [String: JSONValue]? = nil, enabled: Bool? = nil
    ) {
        self.name = name
        self.cloudName = cloudName
        self.description = description
        self.baseSubAccountID = baseSubAccountID
        self.customAttributes = customAttributes
        self.enabled = enabled
    }
}

public struct EnvironmentChanges: Sendable {
    public var name: String?
    public var cloudName: String?
    public var description: String?
    public var customAttributes: [String: JSONValue]?
    public var enabled: Bool?
    public init(
        name: String? = nil, cloudName: String? = nil, description: String? = nil,
        customAttributes: [String: JSONValue]? = nil, enabled: Bool? = nil
    ) {
        self.name = name
        self.cloudName = cloudName
        self.description = description
        self.customAttributes = customAttributes
        self.enabled = enabled
    }
}

public struct AccessKeyChanges: Sendable {
    public var name: String?
    public var enabled: Bool?
    /// `true` moves the webhook mark to this key.
    public var dedicatedForWebhooks: Bool?
    public init(name: String? = nil, enabled: Bool? = nil, dedicatedForWebhooks: Bool? = nil) {
        self.name = name
        self.enabled = enabled
        self.dedicatedForWebhooks = dedicatedForWebhooks
    }
}

/// A user with the group and environment counts the user object reports.
public struct UserDetails: Sendable {
    public var user: User
    public var groupCount: Int
    public init(user: User, groupCount: Int) {
        self.user = user
        self.groupCount = groupCount
    }
}

/// What the server knows about usage: seats, environments and keys.
public struct UsageReport: Sendable {
    public var account: Account
    public var seatsUsed: Int
    public var seatLimit: Int
    public var environments: [ProductEnvironment]
    public var accessKeysPerEnvironment: [String: Int]
    public var usersPerEnvironment: [String: Int]
}
