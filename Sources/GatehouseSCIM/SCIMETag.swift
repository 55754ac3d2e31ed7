/// A resource version as SCIM carries it (RFC 7644 §3.14): `meta.version` and the `ETag` header hold the same
/// weak entity tag, and `If-Match` / `If-None-Match` name the versions a client expects.
public struct SCIMETag: Sendable, Hashable, CustomStringConvertible {
    /// The opaque part, without quotes or `W/`.
    public var opaque: String

    /// A tag for `opaque`, which must not hold a double quote (a generation number or a hash does not).
    public init(_ opaque: String) {
        self.opaque = opaque.filter { $0 != "\"" }
    }

    /// `W/"opaque"`: weak, because the representation changes with `attributes=` while the version does not.
    public var description: String { "W/\"\(opaque)\"" }

    /// Whether an `If-Match` header value admits `current`: `*`, or a listed tag with the same opaque part (weak
    /// comparison, RFC 9110 §8.8.3.2, since clients echo the weak tags they were given). A header that is not a
    /// valid list admits nothing, so a garbled precondition fails closed with 412.
    public static func ifMatch(_ header: String, admits current: SCIMETag) -> Bool {
        guard let tags = parseList(header) else { return false }
        return tags.contains { $0 == "*" || $0 == current.opaque }
    }

    /// Whether an `If-None-Match` header value asks for `current` to be skipped (it matches).
    public static func ifNoneMatch(_ header: String, matches current: SCIMETag) -> Bool {
        guard let tags = parseList(header) else { return false }
        return tags.contains { $0 == "*" || $0 == current.opaque }
    }

    /// The opaque parts of a comma-separated entity-tag list (`*` kept as is), or nil when malformed.
    static func parseList(_ header: String) -> [String]? {
        var result: [String] = []
        for part in header.split(separator: ",", omittingEmptySubsequences: true) {
            var tag = Substring(String(part).trimmingSCIMSpaces)
            if tag.isEmpty { continue }
            if tag == "*" {
                result.append("*")
                continue
            }
            if tag.hasPrefix("W/") { tag = tag.dropFirst(2) }
            guard tag.count >= 2, tag.first == "\"", tag.last == "\"" else { return nil }
            let opaque = tag.dropFirst().dropLast()
            guard !opaque.contains("\"") else { return nil }
            result.append(String(opaque))
        }
        return result.isEmpty ? nil : result
    }
}
