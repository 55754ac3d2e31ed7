/// Pure path arithmetic on validated folder paths (`a/b/c`). Kept apart from the rules so that every caller
/// splits and joins paths the same way.
public enum FolderPath {
    public static func segments(_ path: String) -> [String] { path.split(separator: "/", omittingEmptySubsequences: false).map(String.init) }

    public static func join(_ segments: some Sequence<String>) -> String { segments.joined(separator: "/") }

    public static func parent(of path: String) -> String? {
        guard let slash = path.lastIndex(of: "/") else { return nil }
        return String(path[..<slash])
    }

    public static func name(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }

    /// `a`, `a/b`, `a/b/c` for `a/b/c`: the folder itself last.
    public static func chain(_ path: String) -> [String] {
        var out: [String] = []
        for segment in segments(path) { out.append(out.last.map { "\($0)/\(segment)" } ?? segment) }
        return out
    }

    /// Whether `path` is `ancestor` itself or lies below it.
    public static func isWithin(_ path: String, _ ancestor: String) -> Bool {
        path == ancestor || path.hasPrefix(ancestor + "/")
    }

    /// `path` with its `from` prefix replaced by `to` (for a folder inside a moved subtree).
    public static func rebase(_ path: String, from: String, to: String) -> String {
        path == from ? to : to + path.dropFirst(from.count)
    }
}
