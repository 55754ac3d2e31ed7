import Foundation

/// The user-list filters of the Provisioning API, in domain terms. When `ids` or `emails` is set the other
/// filters are ignored, as Cloudinary documents.
public struct UserQuery: Sendable, Hashable {
    public enum SortField: String, Sendable, CaseIterable { case name, role, status, activity, createdAt = "created_at" }
    public enum SortOrder: String, Sendable, CaseIterable { case asc, desc }
    /// Keep (`include`) or drop (`exclude`) users whose last login falls in the range.
    public enum RangeMode: String, Sendable, CaseIterable { case include, exclude }

    public struct LastLoginRange: Sendable, Hashable {
        public var from: Date?
        /// Exclusive upper bound (the day after the `to` date).
        public var until: Date?
        public var mode: RangeMode
        public init(from: Date?, until: Date?, mode: RangeMode) {
            self.from = from
            self.until = until
            self.mode = mode
        }
    }

    public var accountID: String
    public var ids: [String] = []
    /// Canonical (lowercased) emails.
    public var emails: [String] = []
    public var namePrefix: String?
    public var subAccountID: String?
    public var status: UserStatus?
    public var lastLogin: LastLoginRange?
    /// Name or email contains this text (case-insensitively), for the Console's search.
    public var search: String?
    /// Holds this role directly or through one of its groups.
    public var roleID: String?
    /// Member of this group.
    public var groupID: String?
    /// A password reset is outstanding (true: live users only) or not (false).
    public var passwordReset: Bool?
    public var sortBy: SortField = .createdAt
    public var sortOrder: SortOrder = .desc
    /// 1-based; only meaningful with `pageSize`.
    public var page: Int = 1
    public var pageSize: Int?

    public init(accountID: String) { self.accountID = accountID }

    public var selectsByIdentity: Bool { !ids.isEmpty || !emails.isEmpty }
}
