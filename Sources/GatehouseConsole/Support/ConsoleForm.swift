import Foundation
import Hummingbird

/// A posted `application/x-www-form-urlencoded` body, parsed strictly: bounded in size, each field at most
/// once, every value valid percent-encoded UTF-8.
struct ConsoleForm: Sendable {
    /// How large a form and each of its fields may be. Forms that carry a document (IdP metadata, a SAML
    /// response) are allowed more.
    struct Limits: Sendable {
        var body: Int
        var field: Int
        static let standard = Limits(body: 64 * 1024, field: 4 * 1024)
        static let document = Limits(body: 512 * 1024, field: 512 * 1024)
    }

    enum Problem: Error, Equatable {
        case tooLarge
        case malformed
        case fieldTooLong
    }

    private var fields: [String: String] = [:]

    init(_ text: String, limits: Limits = .standard) throws(Problem) {
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = Self.decode(parts[0]), let value = Self.decode(parts.count > 1 ? parts[1] : "") else { throw .malformed }
            guard fields[name] == nil else { throw .malformed }
            guard value.utf8.count <= limits.field, name.utf8.count <= 100 else { throw .fieldTooLong }
            fields[name] = value
        }
    }

    /// Collects and parses the request body; a body over the limit is refused before parsing.
    static func read(_ request: Request, limits: Limits = .standard) async throws(Problem) -> ConsoleForm {
        var request = request
        let buffer: ByteBuffer
        do { buffer = try await request.collectBody(upTo: limits.body) } catch { throw .tooLarge }
        guard let text = buffer.getString(at: buffer.readerIndex, length: buffer.readableBytes) else { throw .malformed }
        return try ConsoleForm(text, limits: limits)
    }

    private static func decode(_ raw: Substring) -> String? {
        String(raw).replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }

    subscript(_ name: String) -> String { fields[name] ?? "" }

    func has(_ name: String) -> Bool { fields[name] != nil }

    /// What follows `prefix` in the names of the fields that start with it (one checkbox per choice, since a
    /// name may come only once), sorted.
    func names(after prefix: String) -> [String] {
        fields.keys.filter { $0.hasPrefix(prefix) }.map { String($0.dropFirst(prefix.count)) }.sorted()
    }

    /// What the refusal says, and its status.
    static func refusal(_ problem: Problem, limits: Limits = .standard) -> (HTTPResponse.Status, String) {
        switch problem {
        case .tooLarge: return (.contentTooLarge, "The form sent more than \(limits.body / 1024) KiB. Shorten what you typed and try again.")
        case .fieldTooLong: return (.badRequest, "A field is longer than \(limits.field / 1024) KiB. Shorten it and try again.")
        case .malformed: return (.badRequest, "The form could not be read. Reload the page and try again.")
        }
    }
}
