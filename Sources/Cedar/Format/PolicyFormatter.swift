/// Canonical pretty-printer for Cedar policies, templates and policy files.
///
/// The output follows the layout of the reference `cedar format`: one
/// annotation per line, the scope on one line when it fits (otherwise one
/// constraint per line), each condition on one line when it fits (otherwise
/// its top-level `&&`/`||` operands one per line). Expressions get the fewest
/// parentheses that parse back to the same tree, so for every parsed policy
/// `p`, parsing `format(p)` yields `p` again.
///
/// Comments are not part of the AST and are therefore not preserved.
public struct PolicyFormatter: Sendable {
    /// Preferred maximum line width; longer single constructs are not split further.
    public var lineWidth: Int
    /// Spaces per indentation level.
    public var indentWidth: Int

    public init(lineWidth: Int = 80, indentWidth: Int = 2) {
        self.lineWidth = lineWidth
        self.indentWidth = indentWidth
    }

    private var indent: String { String(repeating: " ", count: indentWidth) }

    /// Formats one policy or template, ending with `;` (no trailing newline).
    public func format(_ policy: Policy) -> String {
        var lines: [String] = []
        for a in policy.annotations.entries {
            lines.append(a.value.isEmpty ? "@\(a.key)" : "@\(a.key)(\(cedarQuoted(a.value)))")
        }
        let scope = [principal(policy.principal), action(policy.action), resource(policy.resource)]
        let oneLine = "\(policy.effect.rawValue) (" + scope.joined(separator: ", ") + ")"
        if oneLine.count <= lineWidth {
            lines.append(oneLine)
        } else {
            lines.append("\(policy.effect.rawValue) (")
            lines.append(contentsOf: scope.enumerated().map { i, s in indent + s + (i < 2 ? "," : "") })
            lines.append(")")
        }
        for c in policy.conditions { lines.append(contentsOf: condition(c)) }
        lines[lines.count - 1] += ";"
        return lines.joined(separator: "\n")
    }

    /// Formats policies in the given order, separated by blank lines, with a final newline.
    public func format(_ policies: [Policy]) -> String {
        policies.isEmpty ? "" : policies.map(format).joined(separator: "\n\n") + "\n"
    }

    /// Formats the static policies and templates of a set. They are ordered by
    /// id, numerically for the parser's `policyN` ids, so a parsed file keeps its order.
    public func format(_ set: PolicySet) -> String {
        format((set.policies + set.templates).sorted { PolicyFormatter.idOrder($0.id, $1.id) })
    }

    /// Parses policy text and returns its canonical form (source order kept).
    public func format(text: String) throws(ParseError) -> String {
        var parser = try Parser(text)
        return format(try parser.parsePolicies())
    }

    /// Formats an expression on one line.
    public func format(_ expr: Expr) -> String { ExprPrinter().print(expr) }

    // MARK: - Pieces

    private func reference(_ r: EntityReference) -> String {
        switch r {
        case let .entity(uid): return uid.description
        case let .slot(s): return s.rawValue
        }
    }

    private func scope(_ variable: String, _ c: ScopeConstraint) -> String {
        switch c {
        case .any: return variable
        case let .eq(r): return "\(variable) == \(reference(r))"
        case let .in(r): return "\(variable) in \(reference(r))"
        case let .is(t): return "\(variable) is \(t.qualified)"
        case let .isIn(t, r): return "\(variable) is \(t.qualified) in \(reference(r))"
        }
    }

    private func principal(_ c: ScopeConstraint) -> String { scope("principal", c) }
    private func resource(_ c: ScopeConstraint) -> String { scope("resource", c) }

    private func action(_ c: ActionConstraint) -> String {
        switch c {
        case .any: return "action"
        case let .eq(uid): return "action == \(uid)"
        case let .in(uid): return "action in \(uid)"
        case let .inSet(uids): return "action in [" + uids.map(\.description).joined(separator: ", ") + "]"
        }
    }

    private func condition(_ c: Condition) -> [String] {
        let printer = ExprPrinter()
        let body = printer.print(c.body)
        let oneLine = "\(c.kind.rawValue) { \(body) }"
        if oneLine.count <= lineWidth { return [oneLine] }
        var lines = [c.kind.rawValue, "{"]
        switch c.body {
        case .or:
            lines += printer.chain(c.body, separator: " ||").map { indent + $0 }
        case .and:
            lines += printer.chain(c.body, separator: " &&").map { indent + $0 }
        default:
            lines.append(indent + body)
        }
        lines.append("}")
        return lines
    }

    /// `policy2 < policy10`; other ids sort after generated ones, by string.
    static func idOrder(_ a: String, _ b: String) -> Bool {
        func number(_ s: String) -> Int? {
            guard s.hasPrefix("policy") else { return nil }
            return Int(s.dropFirst(6))
        }
        switch (number(a), number(b)) {
        case let (x?, y?): return x < y
        case (_?, nil): return true
        case (nil, _?): return false
        case (nil, nil): return a < b
        }
    }
}
