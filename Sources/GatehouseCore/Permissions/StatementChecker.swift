import Cedar
import Foundation

/// A problem found in a Cedar policy statement, located for the person who wrote it.
public struct StatementProblem: Sendable, Hashable {
    /// A short machine-friendly kind, e.g. `parse_error`, `invalid_principal`, `unknown_action`.
    public var code: String
    public var message: String
    public var line: Int?
    public var column: Int?

    public init(code: String, message: String, line: Int? = nil, column: Int? = nil) {
        self.code = code
        self.message = message
        self.line = line
        self.column = column
    }

    /// `message` with the location in front, as people read compiler errors.
    public var located: String {
        guard let line, let column else { return message }
        return "\(line):\(column): \(message)"
    }
}

/// Parses policy statements with the Cedar engine and validates them against the Cloudinary schema.
public struct StatementChecker: Sendable {
    public let schema: CloudinarySchema

    public init(schema: CloudinarySchema) { self.schema = schema }

    /// Every problem in `statement` (empty when it is valid): parse errors, then strict validation errors
    /// against the schema, each with its location. Content placeholders (`<folder_id>`) are plain string
    /// text to Cedar, so system statements validate as they stand.
    public func problems(in statement: String) -> [StatementProblem] {
        let result: ValidationResult
        do {
            let set = try PolicySet(parsing: statement)
            if set.policies.isEmpty && set.templates.isEmpty {
                return [StatementProblem(code: "parse_error", message: "the statement holds no policy")]
            }
            result = try Validator(schema: schema.schema).validate(text: statement)
        } catch {
            return [StatementProblem(code: "parse_error", message: error.message, line: error.line, column: error.column)]
        }
        return result.errors.map { error in
            StatementProblem(
                code: error.kind.rawValue, message: error.message + (error.help.map { " (\($0))" } ?? ""),
                line: error.location?.line, column: error.location?.column)
        }
    }
}
