import Foundation

/// Pure path arithmetic on validated folder paths (`a/b/c`). Kept apart from the rules so that every caller
/// splits and joins paths the same way.
///
/// Paths are compared as they are split: by bytes. A path is split at every `/` scalar (the byte 0x2F in
/// UTF-8), never by Swift `Character`s, and prefixes are compared on UTF-8 bytes, so a `/` followed by a
/// combining mark separates segments here exactly as the store's byte-ordered range scan
/// (`path/` … `path0`) selects a subtree. `FolderRules.validate` stores paths in NFC, so canonically
/// equivalent spellings are one path for the store's unique index too.
public enum FolderPath {
    private static let slash = UInt8(ascii: "/")

    public static func segments(_ path: String) -> [String] {
        path.utf8.split(separator: slash, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
    }

    public static func join(_ segments: some Sequence<String>) -> String { segments.joined(separator: "/") }

    public static func parent(of path: String) -> String? {
        guard let slash = path.utf8.lastIndex(of: slash) else { return nil }
        return String(decoding: path.utf8[..<slash], as: UTF8.self)
    }

    public static func name(of path: String) -> String {
        guard let slash = path.utf8.lastIndex(of: slash) else { return path }
        return String(decoding: path.utf8[path.utf8.index(after: slash)...], as: UTF8.self)
    }

    /// `a`, `a/b`, `a/b/c` for `a/b/c`: the folder itself last.
    public static func chain(_ path: String) -> [String] {
        var out: [String] = []
        for segment in segments(path) { out.append(out.last.map { "\($0)/\(segment)" } ?? segment) }
        return out
    }

    /// Whether `path` is `ancestor` itself or lies below it, byte for byte.
    public static func isWithin(_ path: String, _ ancestor: String) -> Bool {
        let p = path.utf8, a = ancestor.utf8
        guard p.starts(with: a) else { return false }
        let rest = p.dropFirst(a.count)
        return rest.isEmpty || rest.first == slash
    }

    /// `path` with its `from` prefix replaced by `to` (for a folder inside a moved subtree).
    public static func rebase(_ path: String, from: String, to: String) -> String {
        guard isWithin(path, from) else { return path }
        return to + String(decoding: path.utf8.dropFirst(from.utf8.count), as: UTF8.self)
    }

    /// The paths not inside another of them, in byte order: each subtree they cover, once.
    public static func outermost(_ paths: some Sequence<String>) -> [String] {
        var kept = Set<String>()
        // An ancestor is shorter than its descendants, so it is kept before they are looked at.
        for path in Set(paths).sorted(by: { $0.utf8.count < $1.utf8.count }) where !chain(path).dropLast().contains(where: kept.contains) {
            kept.insert(path)
        }
        return kept.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }
}
