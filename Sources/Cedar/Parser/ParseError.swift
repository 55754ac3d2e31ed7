/// A policy text error with a 1-based source position and a short excerpt of the offending line.
public struct ParseError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public var line: Int
    public var column: Int
    /// The source line containing the error (trimmed to at most 80 characters).
    public var excerpt: String

    public init(message: String, line: Int, column: Int, excerpt: String) {
        self.message = message
        self.line = line
        self.column = column
        self.excerpt = excerpt
    }

    public var description: String {
        "\(line):\(column): \(message)" + (excerpt.isEmpty ? "" : "\n  | \(excerpt)")
    }
}

/// A source position (1-based line and column, counted in Unicode scalars).
struct SourcePos: Sendable, Hashable {
    var line: Int
    var column: Int
}
