/// Seats: every user that is not deleted (pending or active) takes one. The limit is the plan's user limit
/// plus 0–20 additional user subscriptions.
public enum SeatPolicy {
    public static let additionalSubscriptionsRange = 0...20

    public static func limit(of account: Account) -> Int {
        account.planUserLimit + account.additionalUserSubscriptions
    }

    /// Throws unless one more user fits.
    public static func ensureSeatAvailable(for account: Account, in store: any StoreReader) throws {
        let used = try store.seatsUsed(accountID: account.id)
        let limit = limit(of: account)
        if used >= limit { throw GatehouseError.seatLimitReached(limit: limit) }
    }

    /// Throws unless `count` more users fit.
    public static func ensureSeatsAvailable(_ count: Int, for account: Account, in store: any StoreReader) throws {
        let limit = limit(of: account)
        if try store.seatsUsed(accountID: account.id) + count > limit { throw GatehouseError.seatLimitReached(limit: limit) }
    }

    public static func validate(planUserLimit: Int, additionalUserSubscriptions: Int) throws(GatehouseError) {
        guard planUserLimit >= 1 else {
            throw .invalidField(field: "user_limit", reason: "must be at least 1")
        }
        guard additionalSubscriptionsRange.contains(additionalUserSubscriptions) else {
            throw .invalidField(
                field: "additional_users",
                reason: "must be between 0 and 20 (more needs a plan change)")
        }
    }
}
