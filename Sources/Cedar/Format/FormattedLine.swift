/// One output line of the formatter and the source tokens it prints, so that
/// comments found between those tokens can be put back beside it.
struct FormattedLine: Sendable, Hashable {
    var text: String
    /// Source tokens printed on this line (nil for policies built in code).
    var tokens: ClosedRange<Int>?
    /// Own-line comments printed above the line.
    var leading: [String] = []
    /// Comments printed after the line: the first on the line itself, the rest below it.
    var trailing: [String] = []

    init(_ text: String, tokens: ClosedRange<Int>? = nil) {
        self.text = text
        self.tokens = tokens
    }

    /// The line's indentation, reused for comments placed on lines of their own.
    var indent: String { String(text.prefix { $0 == " " }) }

    /// The line with its comments, as output lines.
    var rendered: [String] {
        var out = leading.map { indent + $0 }
        if let first = trailing.first {
            out.append(text + " " + first)
            out += trailing.dropFirst().map { indent + $0 }
        } else {
            out.append(text)
        }
        return out
    }
}

/// Puts each source comment beside the output line that holds the tokens it was
/// written between: a comment that followed code on its line trails the line
/// holding that code, a comment on a line of its own goes above the line that
/// holds the token after it. Comments after the last token end the text.
enum CommentWeaver {
    static func weave(_ lines: inout [FormattedLine], source: SourceText, continuation: String) -> [String] {
        var tail: [String] = []
        let comments = source.comments
        // Lines with a source range, in token order (the formatter emits them in source order).
        let ranged = lines.indices.filter { lines[$0].tokens != nil }
        let starts = ranged.map { lines[$0].tokens?.lowerBound ?? 0 }
        /// Position in `ranged` of the first line starting at or after `token`.
        func firstStarting(atOrAfter token: Int) -> Int {
            var lo = 0, hi = starts.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if starts[mid] < token { lo = mid + 1 } else { hi = mid }
            }
            return lo
        }
        func line(holding token: Int) -> Int? {
            let j = firstStarting(atOrAfter: token + 1) - 1
            guard j >= 0, lines[ranged[j]].tokens?.contains(token) == true else { return nil }
            return ranged[j]
        }
        // A line with comments between its own tokens is printed from the source
        // tokens instead, so each comment stays after the token it followed.
        var inside = Set<Int>()
        for i in ranged {
            guard let r = lines[i].tokens, r.count > 1, source.hasComment(in: (r.lowerBound + 1)...r.upperBound) else { continue }
            let indent = lines[i].indent
            lines[i].text = source.render(r, indent: indent, continuation: continuation).joined(separator: "\n")
            for (j, c) in comments.enumerated() where c.beforeToken > r.lowerBound && c.beforeToken <= r.upperBound { inside.insert(j) }
        }
        for (j, c) in comments.enumerated() where !inside.contains(j) {
            let k = c.beforeToken
            if c.trailing, let i = line(holding: k - 1) {
                lines[i].trailing.append(c.text)
                continue
            }
            let next = firstStarting(atOrAfter: k)
            if let i = line(holding: k) ?? (next < ranged.count ? ranged[next] : nil) {
                lines[i].leading.append(c.text)
            } else if c.trailing, let i = ranged.last {
                lines[i].trailing.append(c.text)
            } else {
                tail.append(c.text)
            }
        }
        return tail
    }
}
