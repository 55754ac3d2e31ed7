import Cedar

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

    mutating func member(_ key: String, _ value: Int) {
        self.key(key)
        text += String(value)
    }

    /// A member written even when nil, as `null` (where a client reads the key either way).
    mutating func member(_ key: String, orNull value: String?) {
        self.key(key)
        if let value { quote(value) } else { text += "null" }
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

    private mutating func quote(_ s: String) { text += Cedar.JSONValue.quote(s) }
}
