import Foundation

/// What a person says of themselves in My Profile.
public struct Profile: Sendable, Hashable {
    public var userID: String
    public var firstName: String?
    public var lastName: String?
    public var productUpdates: Bool
    public var securityNotices: Bool
    public var emailConfirmedAt: Date?

    public init(
        userID: String, firstName: String? = nil, lastName: String? = nil, productUpdates: Bool = true, securityNotices: Bool = true,
        emailConfirmedAt: Date? = nil
    ) {
        self.userID = userID
        self.firstName = firstName
        self.lastName = lastName
        self.productUpdates = productUpdates
        self.securityNotices = securityNotices
        self.emailConfirmedAt = emailConfirmedAt
    }

    /// First and last name as one, nil while neither is set.
    public var fullName: String? {
        let joined = [firstName, lastName].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
        return joined.isEmpty ? nil : joined
    }
}
