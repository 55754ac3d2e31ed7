/// Deleting a user makes it inactive forever: it stays readable, never changes again, frees its seat and
/// its email.
public enum UserLifecycle {
    public static func ensureMutable(_ user: User) throws(GatehouseError) {
        if user.isDeleted {
            throw .notAllowed("User \(user.id) is inactive (deleted) and cannot be changed or reactivated")
        }
    }

    /// The account creator holds the account; removing it would leave nobody able to administer it.
    public static func ensureDeletable(_ user: User) throws(GatehouseError) {
        if user.root { throw .notAllowed("The account owner (root user) cannot be deleted") }
    }
}
