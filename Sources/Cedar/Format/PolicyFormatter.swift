/// Canonical pretty-printer for Cedar policies, templates and policy files.
///
/// The output follows the layout of the reference `cedar format`: one
/// annotation per line, the scope on one line when it fits (otherwise one
/// constraint per line), each condition on one line when it fits (otherwise
/// its top-level `&&`/`||` operands one per line). Expressions get the fewest
/// parentheses that parse back to the same tree, so for every parsed policy
/// `p`, parsing `format(p)` yields `p` again.
///
/// Comments are not part of the AST: ``format(text:)`` keeps them from the
/// source text (see ``CommentWeaver``); the other entry points have none.
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
        lines(policy).map(\.text).joined(separator: "\n")
    }

    /// The policy's output lines; with its source `span`, each line knows the
    /// tokens it prints, and clauses holding comments are broken over lines.
    func lines(_ policy: Policy, span: PolicySpan? = nil, source: SourceText? = nil) -> [FormattedLine] {
        var lines: [FormattedLine] = []
        for (i, a) in policy.annotations.entries.enumerated() {
            let text = a.isBare ? "@\(a.key)" : "@\(a.key)(\(cedarQuoted(a.value)))"
            lines.append(FormattedLine(text, tokens: span.flatMap { i < $0.annotations.count ? $0.annotations[i] : nil }))
        }
        let scope = [principal(policy.principal), action(policy.action), resource(policy.resource)]
        let oneLine = "\(policy.effect.rawValue) (" + scope.joined(separator: ", ") + ")"
        let scopeHasComments = span.map { source?.hasComment(in: ($0.effect + 1)...$0.close) ?? false } ?? false
        if oneLine.count <= lineWidth && !scopeHasComments {
            lines.append(FormattedLine(oneLine, tokens: span.map { $0.effect...$0.close }))
        } else {
            lines.append(FormattedLine("\(policy.effect.rawValue) (", tokens: span.map { $0.effect...($0.effect + 1) }))
            for (i, s) in scope.enumerated() {
                let tokens = span.flatMap { i < $0.scope.count ? $0.scope[i] : nil }
                lines.append(FormattedLine(indent + s + (i < 2 ? "," : ""), tokens: tokens))
            }
            lines.append(FormattedLine(")", tokens: span.map { $0.close...$0.close }))
        }
        for (i, c) in policy.conditions.enumerated() {
            let cspan = span.flatMap { i < $0.conditions.count ? $0.conditions[i] : nil }
            lines.append(contentsOf: condition(c, span: cspan, source: source))
        }
        lines[lines.count - 1].text += ";"
        if let span, let last = lines[lines.count - 1].tokens {
            lines[lines.count - 1].tokens = last.lowerBound...max(last.upperBound, span.end)
        }
        return lines
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

    /// Parses policy text and returns its canonical form (source order kept),
    /// with the text's `//` comments beside the lines they were written beside.
    public func format(text: String) throws(ParseError) -> String {
        var parser = try Parser(text)
        let policies = try parser.parsePolicies()
        let source = SourceText(tokens: parser.tokens, comments: parser.lexer.comments)
        var all: [FormattedLine] = []
        for (p, span) in zip(policies, parser.spans) {
            if !all.isEmpty { all.append(FormattedLine("")) }
            all += lines(p, span: span, source: source)
        }
        let tail = CommentWeaver.weave(&all, source: source, continuation: indent)
        let out = all.flatMap(\.rendered) + tail
        return out.isEmpty ? "" : out.joined(separator: "\n") + "\n"
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

    private func condition(_ c: Condition, span: PolicySpan.ConditionSpan?, source: SourceText?) -> [FormattedLine] {
        let printer = ExprPrinter()
        let body = printer.print(c.body)
        let oneLine = "\(c.kind.rawValue) { \(body) }"
        let whole = span.map { $0.keyword...($0.body.upperBound + 1) }
        let hasComments = whole.map { source?.hasComment(in: ($0.lowerBound + 1)...$0.upperBound) ?? false } ?? false
        if oneLine.count <= lineWidth && !hasComments { return [FormattedLine(oneLine, tokens: whole)] }
        var lines = [FormattedLine(c.kind.rawValue, tokens: span.map { $0.keyword...$0.keyword }),
                     FormattedLine("{", tokens: span.map { ($0.keyword + 1)...($0.keyword + 1) })]
        var operands: [String]
        let separator: String
        switch c.body {
        case .or:
            operands = printer.chain(c.body, separator: " ||")
            separator = "||"
        case .and:
            operands = printer.chain(c.body, separator: " &&")
            separator = "&&"
        default:
            operands = [body]
            separator = ""
        }
        // Each operand line prints the source tokens up to its separator; when the
        // source does not split that way (parentheses, `has a.b`), the last line holds the body.
        let ranges = span.flatMap { s in source?.split(s.body, at: separator, into: operands.count) }
        if ranges == nil, let span, span.body.count > 1, source?.hasComment(in: (span.body.lowerBound + 1)...span.body.upperBound) == true {
            // The source groups the operands differently (parentheses): its comments
            // can only be kept by printing the body as written.
            operands = [body]
        }
        for (i, text) in operands.enumerated() {
            let tokens = ranges.map { $0[i] } ?? (i == operands.count - 1 ? span?.body : nil)
            lines.append(FormattedLine(indent + text, tokens: tokens))
        }
        lines.append(FormattedLine("}", tokens: span.map { ($0.body.upperBound + 1)...($0.body.upperBound + 1) }))
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
