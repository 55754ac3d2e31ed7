import Foundation

/// The tenant: everything else (users, groups, environments, keys) belongs to exactly one account.
public struct Account: Sendable, Hashable, Identifiable {
    public var id: String
    public var name: String
    /// Users the plan includes.
    public var planUserLimit: Int
    /// Extra user subscriptions bought on top of the plan (0–20, see `SeatPolicy`).
    public var additionalUserSubscriptions: Int
    public var createdAt: Date
    /// Every user must sign in with a second factor; one without it is led to set it up first.
    public var requireTwoFactor: Bool

    public init(
        id: String, name: String, planUserLimit: Int, additionalUserSubscriptions: Int, createdAt: Date, requireTwoFactor: Bool = false
    ) {
        self.id = id
        self.name = name
        self.planUserLimit = planUserLimit
        self.additionalUserSubscriptions = additionalUserSubscriptions
        self.createdAt = createdAt
        self.requireTwoFactor = requireTwoFactor
    }
}
