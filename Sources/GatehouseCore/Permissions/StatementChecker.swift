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

/// Parses policy statements with the Cedar engine and validates them against the Cloudinary schema, within
/// `limits`, on the CPU work pool (never on the caller's event-loop thread).
public struct StatementChecker: Sendable {
    public let schema: CloudinarySchema
    public let limits: StatementLimits
    let pool: CPUWorkPool

    public init(schema: CloudinarySchema, limits: StatementLimits = .standard, pool: CPUWorkPool = .shared) {
        self.schema = schema
        self.limits = limits
        self.pool = pool
    }

    /// Every problem in `statement` (empty when it is valid): parse errors, then strict validation errors
    /// against the schema, each with its location. Content placeholders (`<folder_id>`) are plain string
    /// text to Cedar, so system statements validate as they stand. Throws `StatementRefusal` past the limits
    /// or when every validation slot is taken.
    public func problems(in statement: String) async throws(StatementRefusal) -> [StatementProblem] {
        try checkSize(statement)
        let outcome: Result<[StatementProblem], StatementRefusal>
        do {
            outcome = try await pool.run { [self] in Result { () throws(StatementRefusal) in try problemsNow(in: statement) } }
        } catch {
            throw .busy
        }
        return try outcome.get()
    }

    /// `problems(in:)` on the calling thread (for the command line and tests; servers use the async one).
    public func problemsNow(in statement: String) throws(StatementRefusal) -> [StatementProblem] {
        try checkSize(statement)
        let set: PolicySet
        do {
            set = try PolicySet(parsing: statement)
        } catch {
            return [StatementProblem(code: "parse_error", message: error.message, line: error.line, column: error.column)]
        }
        if set.policies.isEmpty && set.templates.isEmpty {
            return [StatementProblem(code: "parse_error", message: "the statement holds no policy")]
        }
        try checkShape(set)
        let result: ValidationResult
        do {
            result = try Validator(schema: schema.schema).validate(text: statement, deadline: .now + limits.timeBudget)
        } catch {
            return [StatementProblem(code: "parse_error", message: error.message, line: error.line, column: error.column)]
        }
        if result.stoppedAtDeadline { throw .overBudget(limits.timeBudget) }
        return result.errors.map { error in
            StatementProblem(
                code: error.kind.rawValue, message: error.message + (error.help.map { " (\($0))" } ?? ""),
                line: error.location?.line, column: error.location?.column)
        }
    }

    func checkSize(_ statement: String) throws(StatementRefusal) {
        let bytes = statement.utf8.count
        if bytes > limits.maxBytes {
            throw .tooLarge("The policy statement is \(bytes) bytes long; at most \(limits.maxBytes) are accepted")
        }
    }

    /// Policy count, condition size and depth, before the costly validation.
    func checkShape(_ set: PolicySet) throws(StatementRefusal) {
        let policies = set.policies + set.templates
        if policies.count > limits.maxPolicies {
            throw .tooLarge("The policy statement holds \(policies.count) policies; at most \(limits.maxPolicies) are accepted")
        }
        var nodes = 0
        for policy in policies {
            let shape = ExprShape(policy)
            if shape.depth > limits.maxDepth {
                throw .tooDeep("Policy \(policy.id) nests its conditions \(shape.depth) levels deep; at most \(limits.maxDepth) are accepted")
            }
            nodes += shape.nodes
        }
        if nodes > limits.maxNodes {
            throw .tooLarge("The policy statement's conditions hold \(nodes) expressions; at most \(limits.maxNodes) are accepted")
        }
    }
}
