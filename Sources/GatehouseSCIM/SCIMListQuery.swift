import GatehouseCore

/// The query of a list or search request (RFC 7644 §3.4.2, §3.4.3): filter, sorting, paging and projection.
///
/// Read from the query string of `GET /Users` or from the body of `POST /.search`; every bad parameter is a
/// `SCIMError`, and paging values out of range are brought into range as the RFC says rather than refused.
public struct SCIMListQuery: Sendable, Hashable {
    public enum SortOrder: String, Sendable, Hashable {
        case ascending, descending
    }

    /// The `SearchRequest` message schema `POST /.search` bodies declare.
    public static let searchRequestSchema = "urn:ietf:params:scim:api:messages:2.0:SearchRequest"

    public var filter: SCIMFilter?
    public var sortBy: SCIMAttributePath?
    public var sortOrder: SortOrder
    /// 1-based index of the first result; values below 1 read as 1.
    public var startIndex: Int
    /// How many results a page holds: negative reads as 0, absent or above the maximum as the maximum.
    public var count: Int
    public var projection: SCIMAttributeProjection

    public init(
        filter: SCIMFilter? = nil, sortBy: SCIMAttributePath? = nil, sortOrder: SortOrder = .ascending, startIndex: Int = 1,
        count: Int, projection: SCIMAttributeProjection = .init()
    ) {
        self.filter = filter
        self.sortBy = sortBy
        self.sortOrder = sortOrder
        self.startIndex = startIndex
        self.count = count
        self.projection = projection
    }

    /// Reads query parameters (names case-insensitive; the first of a repeated name wins).
    public init(queryItems: [(name: String, value: String)], for resourceType: SCIMResourceType, maximumCount: Int) throws(SCIMError) {
        var parameters: [String: String] = [:]
        for item in queryItems where parameters[item.name.lowercased()] == nil {
            parameters[item.name.lowercased()] = item.value
        }
        let filter: SCIMFilter?
        if let text = parameters["filter"], !text.trimmingSCIMSpaces.isEmpty {
            filter = try SCIMFilter(parsing: text, for: resourceType)
        } else {
            filter = nil
        }
        self.init(
            filter: filter,
            sortBy: try Self.sortBy(parameters["sortby"], resourceType),
            sortOrder: try Self.sortOrder(parameters["sortorder"]),
            startIndex: max(1, try Self.integer(parameters["startindex"], name: "startIndex") ?? 1),
            count: Self.clampCount(try Self.integer(parameters["count"], name: "count"), maximumCount),
            projection: try SCIMAttributeProjection(
                attributes: parameters["attributes"], excludedAttributes: parameters["excludedattributes"]))
    }

    /// Reads a `POST /.search` body (RFC 7644 §3.4.3).
    public init(searchRequest body: JSONValue, for resourceType: SCIMResourceType, maximumCount: Int) throws(SCIMError) {
        guard case .object = body else { throw .invalidSyntax("the search body is not a JSON object") }
        guard case .array(let schemas)? = body.scimMember("schemas"),
            schemas.contains(where: { $0.stringValue?.lowercased() == Self.searchRequestSchema.lowercased() })
        else { throw .invalidSyntax("a search body's schemas must be [\"\(Self.searchRequestSchema)\"]") }
        func string(_ name: String) throws(SCIMError) -> String? {
            switch body.scimMember(name) {
            case nil, .null?: return nil
            case .string(let s)?: return s
            default: throw .invalidSyntax("\"\(name)\" must be a string")
            }
        }
        func list(_ name: String) throws(SCIMError) -> String? {
            switch body.scimMember(name) {
            case nil, .null?: return nil
            case .string(let s)?: return s
            case .array(let items)?:
                var names: [String] = []
                for item in items {
                    guard case .string(let s) = item else { throw .invalidSyntax("\"\(name)\" must be an array of strings") }
                    names.append(s)
                }
                return names.joined(separator: ",")
            default: throw .invalidSyntax("\"\(name)\" must be an array of strings")
            }
        }
        func integer(_ name: String) throws(SCIMError) -> Int? {
            switch body.scimMember(name) {
            case nil, .null?: return nil
            case .integer(let i)?: return Int(clamping: i)
            default: throw .invalidValue("\"\(name)\" must be an integer")
            }
        }
        let filter: SCIMFilter?
        if let text = try string("filter"), !text.trimmingSCIMSpaces.isEmpty {
            filter = try SCIMFilter(parsing: text, for: resourceType)
        } else {
            filter = nil
        }
        self.init(
            filter: filter,
            sortBy: try Self.sortBy(try string("sortBy"), resourceType),
            sortOrder: try Self.sortOrder(try string("sortOrder")),
            startIndex: max(1, try integer("startIndex") ?? 1),
            count: Self.clampCount(try integer("count"), maximumCount),
            projection: try SCIMAttributeProjection(attributes: try list("attributes"), excludedAttributes: try list("excludedAttributes")))
    }

    /// The page of `items` (already filtered and sorted) this query asks for.
    public func page<T>(of items: [T]) -> ArraySlice<T> {
        let start = min(items.count, max(0, startIndex - 1))
        let end = start + min(items.count - start, max(0, count))
        return items[start..<end]
    }

    private static func sortBy(_ text: String?, _ type: SCIMResourceType) throws(SCIMError) -> SCIMAttributePath? {
        guard let text = text?.trimmingSCIMSpaces, !text.isEmpty else { return nil }
        guard let path = SCIMAttributePath(text), type.resolve(path) != nil else {
            throw .invalidValue("sortBy: '\(text)' is not an attribute of \(type.name) resources")
        }
        return path
    }

    private static func sortOrder(_ text: String?) throws(SCIMError) -> SortOrder {
        guard let text = text?.trimmingSCIMSpaces, !text.isEmpty else { return .ascending }
        guard let order = SortOrder(rawValue: text.lowercased()) else {
            throw .invalidValue("sortOrder: '\(text)' is neither ascending nor descending")
        }
        return order
    }

    /// An integer parameter; digits beyond `Int`'s range saturate rather than fail.
    private static func integer(_ text: String?, name: String) throws(SCIMError) -> Int? {
        guard let text = text?.trimmingSCIMSpaces, !text.isEmpty else { return nil }
        if let value = Int(text) { return value }
        let digits = text.first == "-" || text.first == "+" ? text.dropFirst() : Substring(text)
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            throw .invalidValue("\(name): '\(text)' is not an integer")
        }
        return text.first == "-" ? Int.min : Int.max
    }

    private static func clampCount(_ count: Int?, _ maximum: Int) -> Int {
        guard let count else { return maximum }
        return min(max(0, count), maximum)
    }
}
