import Foundation

/// What checking one policy statement may cost. Strict validation typechecks every policy in every request
/// environment of the Cloudinary schema (about 1.5 ms for a one-line policy), and every error it finds is
/// located in the text, so its cost grows with the number of policies, the size of their conditions and the
/// errors in them; these bounds keep the worst case under a second (README, "Limits"), and the time budget
/// stops whatever gets past them.
public struct StatementLimits: Sendable, Hashable {
    /// Longest statement, in UTF-8 bytes (413 beyond it).
    public var maxBytes = CustomPolicyRules.maxStatementLength
    /// Most policies in one statement (413 beyond it).
    public var maxPolicies = 100
    /// Most expression nodes in all `when`/`unless` conditions of a statement together (413 beyond it).
    public var maxNodes = 1_000
    /// Deepest condition expression (400 beyond it); a chain `a && b && c` nests one level per operator.
    public var maxDepth = 128
    /// Longest a validation may run once started (413 when it runs out).
    public var timeBudget: Duration = .seconds(2)

    public init() {}

    /// The defaults; `GATEHOUSE_VALIDATION_BUDGET_MS` changes the time budget (a debug build validates about ten
    /// times slower, so its tests raise it).
    public static let standard: StatementLimits = {
        var limits = StatementLimits()
        if let ms = ProcessInfo.processInfo.environment["GATEHOUSE_VALIDATION_BUDGET_MS"].flatMap(Int.init), ms > 0 {
            limits.timeBudget = .milliseconds(ms)
        }
        return limits
    }()
}

/// A statement refused before or while it was checked, because checking it would cost too much or the
/// checker is saturated; nothing is said about whether it is valid.
public enum StatementRefusal: Error, Sendable, Hashable, CustomStringConvertible {
    /// Longer or larger than the limits allow.
    case tooLarge(String)
    /// Nested deeper than the limits allow.
    case tooDeep(String)
    /// Validation ran past its time budget.
    case overBudget(Duration)
    /// Every validation slot is taken; try again shortly.
    case busy

    public var description: String {
        switch self {
        case .tooLarge(let what), .tooDeep(let what): return what
        case .overBudget(let budget):
            return "The policy statement is too costly to validate (it took longer than \(budget.milliseconds) ms); split it into smaller ones"
        case .busy: return "Too many policy validations are running; retry shortly"
        }
    }
}

extension Duration {
    /// Whole milliseconds, for messages.
    var milliseconds: Int64 { components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000 }
}
