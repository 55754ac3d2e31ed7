/// Where the parts of one parsed policy lie in the token stream (token indices,
/// inclusive ranges). A side table instead of positions in the AST, so policies
/// built in code and parsed ones stay equal; the formatter uses it to put the
/// source's comments back next to the lines they were written beside.
struct PolicySpan: Sendable, Hashable {
    struct ConditionSpan: Sendable, Hashable {
        /// The `when`/`unless` keyword; `{` follows it.
        var keyword: Int
        /// The body expression; `}` follows it.
        var body: ClosedRange<Int>
    }

    /// First token (the first `@`, or the effect).
    var start: Int
    /// Each annotation, `@` to its last token.
    var annotations: [ClosedRange<Int>] = []
    /// `permit`/`forbid`; `(` follows it.
    var effect = 0
    /// Principal, action and resource, each with the comma after it.
    var scope: [ClosedRange<Int>] = []
    /// The scope's `)`.
    var close = 0
    var conditions: [ConditionSpan] = []
    /// The final `;`.
    var end = 0
}
