/// Writes JSON text straight into a string, for the decision route, where Foundation's `JSONEncoder` cost
/// more than the decision itself. Keys come out in the order written; nil values are left out, as the
/// synthesized `Encodable` conformances do elsewhere.
struct JSONWriter {
    private(set) var text = ""
    /// Whether the next member or element needs a comma before it, one flag per open object or array. Only
    /// `key` and `array` start members and elements; values never do.
    private var needsComma: [Bool] = []

    init() { text.reserveCapacity(1024) }

    mutating func object(_ body: (inout JSONWriter) -> Void) {
        open("{")
        body(&self)
        close("}")
    }

    mutating func array<S: Sequence>(_ items: S, _ element: (inout JSONWriter, S.Element) -> Void) {
        open("[")
        for item in items {
            separate()
            element(&self, item)
        }
        close("]")
    }

    /// Starts an object member; exactly one value must follow.
    mutating func key(_ key: String) {
        separate()
        quote(key)
        text += ":"
    }

    mutating func member(_ key: String, _ value: String?) {
        guard let value else { return }
        self.key(key)
        quote(value)
    }

    mutating func member(_ key: String, _ value: Bool?) {
        guard let value else { return }
        self.key(key)
        text += value ? "true" : "false"
    }

    mutating func member(_ key: String, _ body: (inout JSONWriter) -> Void) {
        self.key(key)
        body(&self)
    }

    mutating func string(_ value: String) { quote(value) }

    private mutating func open(_ bracket: String) {
        text += bracket
        needsComma.append(false)
    }

    private mutating func close(_ bracket: String) {
        needsComma.removeLast()
        text += bracket
    }

    private mutating func separate() {
        guard let last = needsComma.last else { return }
        if last { text += "," }
        needsComma[needsComma.count - 1] = true
    }

    private mutating func quote(_ s: String) {
        text += "\""
        // Ids and names rarely need escaping: then the string goes in whole.
        guard s.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) else {
            text += s
            text += "\""
            return
        }
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": text += "\\\""
            case "\\": text += "\\\\"
            case "\n": text += "\\n"
            case "\r": text += "\\r"
            case "\t": text += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                text += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: text.unicodeScalars.append(scalar)
            }
        }
        text += "\""
    }
}
