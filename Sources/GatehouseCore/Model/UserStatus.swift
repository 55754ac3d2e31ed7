/// Where a user is in its lifecycle. `inactive` is terminal: it is what deleting a user leaves behind.
public enum UserStatus: String, Sendable, Hashable, CaseIterable {
    case pending
    case active
    case inactive
}
