/// The single per-user role of Cloudinary's pre-Permissions model, still carried by the Provisioning API.
/// Kept as data so that the roles work can map each value to system roles.
public enum LegacyRole: String, Sendable, Hashable, CaseIterable {
    case masterAdmin = "master_admin"
    case admin
    case technicalAdmin = "technical_admin"
    case billing
    case reports
    case mediaLibraryAdmin = "media_library_admin"
    case mediaLibraryUser = "media_library_user"

    /// The role a user gets when a create request names none. Cloudinary's Console preselects the least
    /// privileged Console role; Media Library user is the closest legacy equivalent.
    public static let defaultForNewUser: LegacyRole = .mediaLibraryUser
}
