import Foundation

/// What makes a folder path acceptable, in one place. Cloudinary's folder paths are `/`-separated names;
/// it refuses empty segments (double, leading or trailing slashes) and a few characters that would be
/// ambiguous in delivery URLs and search expressions. Paths are case-sensitive, and unique per product
/// environment (the store's unique index has the last word).
public enum FolderRules {
    /// Characters Cloudinary does not accept in folder names (`?`, `&`, `#`, `\`, `%`, `<`, `>`), plus `:`
    /// which Gatehouse reserves so a path never looks like a URL scheme or a search field.
    public static let forbiddenCharacters: Set<Character> = ["?", "&", "#", "\\", "%", "<", ">", ":"]
    static let forbiddenScalars = Set(forbiddenCharacters.flatMap(\.unicodeScalars))
    /// Longest folder name, in characters.
    public static let maxNameLength = 255
    /// Longest full path, in characters (Cloudinary caps public ids, which include the folder path, near this).
    public static let maxPathLength = 1024
    /// Deepest nesting accepted; deeper trees are almost surely a client bug (and make ancestor sets large).
    public static let maxDepth = 64

    /// Validates a client-supplied path and returns it normalized: surrounding whitespace trimmed, in Unicode
    /// NFC (so the store's byte comparisons treat canonically equivalent spellings as one path; see
    /// `FolderPath` for how paths split). `field` names the wire field in errors.
    public static func validate(path raw: String, field: String = "folder") throws(GatehouseError) -> String {
        let path = raw.trimmingCharacters(in: .whitespacesAndNewlines).precomposedStringWithCanonicalMapping
        guard !path.isEmpty else { throw .invalidField(field: field, reason: "must not be empty") }
        guard path.count <= maxPathLength else {
            throw .invalidField(field: field, reason: "is longer than \(maxPathLength) characters")
        }
        guard path.utf8.first != UInt8(ascii: "/"), path.utf8.last != UInt8(ascii: "/") else {
            throw .invalidField(field: field, reason: "must not start or end with a slash")
        }
        let segments = FolderPath.segments(path)
        guard segments.count <= maxDepth else { throw .invalidField(field: field, reason: "is nested deeper than \(maxDepth) levels") }
        for segment in segments { try validate(name: segment, field: field) }
        return path
    }

    /// One path segment.
    public static func validate(name: String, field: String = "folder") throws(GatehouseError) {
        guard !name.isEmpty else { throw .invalidField(field: field, reason: "must not contain empty folder names (double slashes)") }
        guard name.trimmingCharacters(in: .whitespaces) == name else {
            throw .invalidField(field: field, reason: "has a folder name that starts or ends with spaces: \"\(name)\"")
        }
        guard name != ".", name != ".." else { throw .invalidField(field: field, reason: "uses the reserved folder name \"\(name)\"") }
        guard name.count <= maxNameLength else {
            throw .invalidField(field: field, reason: "has a folder name longer than \(maxNameLength) characters")
        }
        // Scalar by scalar, as paths are split: `?` followed by a combining mark is still a `?`.
        if let bad = name.unicodeScalars.first(where: { forbiddenScalars.contains($0) || $0.value < 0x20 || $0.value == 0x7F }) {
            let shown = bad.value < 0x20 || bad.value == 0x7F ? "a control character" : "\"\(bad)\""
            throw .invalidField(field: field, reason: "has \(shown) in folder name \"\(name)\", which folder names must not contain")
        }
    }

    /// A folder cannot be moved into itself or below itself.
    public static func ensureMovable(from: String, to: String) throws(GatehouseError) {
        if to != from, FolderPath.isWithin(to, from) {
            throw .invalidField(field: "to_folder", reason: "cannot move folder \(from) into its own subfolder \(to)")
        }
    }

    /// Cloudinary refuses to delete a folder that is not empty; Gatehouse stores no assets, so a folder is
    /// not empty when it has subfolders.
    public static func ensureDeletable(_ folder: Folder, childCount: Int) throws(GatehouseError) {
        if childCount > 0 {
            throw .invalidField(field: "folder", reason: "is not empty: \(folder.path) has \(childCount) subfolder(s)")
        }
    }
}
