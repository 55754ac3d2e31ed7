import Foundation

/// The subset of Cloudinary's Lucene-like folder search expression Gatehouse understands: terms joined by
/// `AND` (or just spaces), each `field:value` (case-insensitive contains; for `path`, the folder or anything
/// below it) or `field=value` (exact), with a trailing `*` for a prefix match and double quotes around values
/// with spaces. Fields: `name`, `path`, `external_id` (alias `id`); a bare word matches names. `OR`, `NOT`,
/// grouping and `created_at` ranges are refused (400) rather than misread.
public struct FolderSearch: Sendable, Hashable {
    public enum Field: String, Sendable, CaseIterable { case name, path, externalID = "external_id" }
    public enum SortField: String, Sendable, CaseIterable { case name, path, createdAt = "created_at" }

    public struct Term: Sendable, Hashable {
        public var field: Field
        public var exact: Bool
        public var value: String
        public var prefix: Bool
    }

    public var terms: [Term] = []
    public var sortBy: SortField = .createdAt
    public var ascending = false
    public var maxResults = 50
    /// Offset into the sorted result, as the opaque `next_cursor` of the previous page.
    public var offset = 0

    public static let maxResultsLimit = 500

    public init() {}

    public static func parse(_ expression: String?) throws(GatehouseError) -> FolderSearch {
        var search = FolderSearch()
        guard let expression, !expression.trimmingCharacters(in: .whitespaces).isEmpty else { return search }
        for token in try tokens(expression) {
            switch token.uppercased() {
            case "AND", "&&": continue
            case "OR", "||", "NOT", "-":
                throw .invalidField(field: "expression", reason: "supports only terms joined by AND, got \(token)")
            default: break
            }
            if token.hasPrefix("(") || token.hasSuffix(")") {
                throw .invalidField(field: "expression", reason: "does not support grouping with parentheses")
            }
            search.terms.append(try term(token))
        }
        return search
    }

    static func term(_ token: String) throws(GatehouseError) -> Term {
        if token.contains(where: { $0 == ">" || $0 == "<" }) {
            throw .invalidField(field: "expression", reason: "does not support range terms (\(token))")
        }
        let separator = token.firstIndex(where: { $0 == ":" || $0 == "=" })
        var fieldName = "name", exact = false, raw = token
        if let separator {
            fieldName = String(token[..<separator]).lowercased()
            exact = token[separator] == "="
            raw = String(token[token.index(after: separator)...])
        }
        let field: Field
        switch fieldName {
        case "name": field = .name
        case "path": field = .path
        case "external_id", "id": field = .externalID
        default:
            throw .invalidField(field: "expression", reason: "cannot search folders by \(fieldName) (name, path, external_id)")
        }
        var value = raw
        if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") { value = String(value.dropFirst().dropLast()) }
        let prefix = value.hasSuffix("*")
        if prefix { value.removeLast() }
        guard !value.isEmpty || prefix else { throw .invalidField(field: "expression", reason: "has an empty value for \(fieldName)") }
        return Term(field: field, exact: exact, value: value, prefix: prefix)
    }

    /// Splits on whitespace outside double quotes.
    static func tokens(_ text: String) throws(GatehouseError) -> [String] {
        var out: [String] = [], current = "", quoted = false
        for ch in text {
            if ch == "\"" { quoted.toggle(); current.append(ch); continue }
            if ch.isWhitespace && !quoted {
                if !current.isEmpty { out.append(current) }
                current = ""
            } else {
                current.append(ch)
            }
        }
        guard !quoted else { throw .invalidField(field: "expression", reason: "has an unterminated quote") }
        if !current.isEmpty { out.append(current) }
        return out
    }

    public func matches(_ folder: Folder) -> Bool {
        terms.allSatisfy { term in
            let subject: String
            switch term.field {
            case .name: subject = folder.name
            case .path: subject = folder.path
            case .externalID: subject = folder.externalID
            }
            if term.prefix { return subject.lowercased().hasPrefix(term.value.lowercased()) }
            if term.exact || term.field == .externalID { return subject == term.value }
            if term.field == .path { return FolderPath.isWithin(subject.lowercased(), term.value.lowercased()) }
            return subject.localizedCaseInsensitiveContains(term.value)
        }
    }

    public func sorted(_ folders: [Folder]) -> [Folder] {
        folders.sorted { a, b in
            let ordered: Bool
            switch sortBy {
            case .name: ordered = a.name == b.name ? a.path < b.path : a.name < b.name
            case .path: ordered = a.path < b.path
            case .createdAt: ordered = a.createdAt == b.createdAt ? a.path < b.path : a.createdAt < b.createdAt
            }
            return ascending ? ordered : !ordered
        }
    }
}

/// One page of folder search results.
public struct FolderSearchResult: Sendable {
    public var folders: [Folder]
    public var totalCount: Int
    public var nextCursor: String?
}

extension FolderService {
    /// Folders of the environment matching the expression, among those the key may read.
    public func search(_ search: FolderSearch, caller: EnvironmentCaller) async throws -> FolderSearchResult {
        try await self.search(search, visibleTo: caller.principal, environmentID: caller.environmentID, accountID: caller.accountID)
    }
}
