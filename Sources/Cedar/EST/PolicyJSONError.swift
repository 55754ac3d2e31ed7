/// Why a document in the JSON policy format was refused, and where.
public struct PolicyJSONError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    /// Where in the document, e.g. `staticPolicies.policy0.conditions[0].body`; empty for the whole document.
    public var path: String

    public init(message: String, path: String) {
        self.message = message
        self.path = path
    }

    public var description: String { path.isEmpty ? message : "\(path): \(message)" }
}
