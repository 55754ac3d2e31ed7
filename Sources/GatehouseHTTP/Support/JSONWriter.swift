import NIOCore

/// Writes JSON text straight into the response's bytes, for the decision route, where Foundation's
/// `JSONEncoder` cost more than the decision itself. Keys come out in the order written; nil values are left
/// out, as the synthesized `Encodable` conformances do elsewhere.
struct JSONWriter {
    private(set) var bytes = ByteBuffer()
    /// Whether the next member or element needs a comma before it, one flag per open object or array. Only
    /// `key` and `array` start members and elements; values never do.
    private var needsComma: [Bool] = []

    init() { bytes.reserveCapacity(2048) }

    mutating func object(_ body: (inout JSONWriter) -> Void) {
        open(UInt8(ascii: "{"))
        body(&self)
        close(UInt8(ascii: "}"))
    }

    mutating func array<S: Sequence>(_ items: S, _ element: (inout JSONWriter, S.Element) -> Void) {
        open(UInt8(ascii: "["))
        for item in items {
            separate()
            element(&self, item)
        }
        close(UInt8(ascii: "]"))
    }

    /// Starts an object member; exactly one value must follow.
    mutating func key(_ key: String) {
        separate()
        quote(key)
        bytes.writeStaticString(":")
    }

    mutating func member(_ key: String, _ value: String?) {
        guard let value else { return }
        self.key(key)
        quote(value)
    }

    mutating func member(_ key: String, _ value: Bool?) {
        guard let value else { return }
        self.key(key)
        bytes.writeStaticString(value ? "true" : "false")
    }

    mutating func member(_ key: String, _ value: Int) {
        self.key(key)
        bytes.writeString(String(value))
    }

    /// A member written even when nil, as `null` (where a client reads the key either way).
    mutating func member(_ key: String, orNull value: String?) {
        self.key(key)
        if let value { quote(value) } else { bytes.writeStaticString("null") }
    }

    mutating func member(_ key: String, _ body: (inout JSONWriter) -> Void) {
        self.key(key)
        body(&self)
    }

    mutating func string(_ value: String) { quote(value) }

    private mutating func open(_ bracket: UInt8) {
        bytes.writeInteger(bracket)
        needsComma.append(false)
    }

    private mutating func close(_ bracket: UInt8) {
        needsComma.removeLast()
        bytes.writeInteger(bracket)
    }

    private mutating func separate() {
        guard let last = needsComma.last else { return }
        if last { bytes.writeInteger(UInt8(ascii: ",")) }
        needsComma[needsComma.count - 1] = true
    }

    /// Most strings need no escaping: then their bytes go in whole.
    private mutating func quote(_ s: String) {
        bytes.writeInteger(UInt8(ascii: "\""))
        var s = s
        s.withUTF8 { utf8 in
            var start = 0
            for (i, c) in utf8.enumerated() where c < 0x20 || c == 0x22 || c == 0x5C {
                bytes.writeBytes(utf8[start..<i])
                bytes.writeStaticString("\\")
                switch c {
                case 0x22: bytes.writeInteger(UInt8(ascii: "\""))
                case 0x5C: bytes.writeInteger(UInt8(ascii: "\\"))
                case 0x0A: bytes.writeInteger(UInt8(ascii: "n"))
                case 0x0D: bytes.writeInteger(UInt8(ascii: "r"))
                case 0x09: bytes.writeInteger(UInt8(ascii: "t"))
                case 0x08: bytes.writeInteger(UInt8(ascii: "b"))
                case 0x0C: bytes.writeInteger(UInt8(ascii: "f"))
                default:
                    bytes.writeStaticString("u00")
                    bytes.writeInteger(Self.hexDigit(c >> 4))
                    bytes.writeInteger(Self.hexDigit(c & 0xF))
                }
                start = i + 1
            }
            bytes.writeBytes(utf8[start...])
        }
        bytes.writeInteger(UInt8(ascii: "\""))
    }

    private static func hexDigit(_ v: UInt8) -> UInt8 { v < 10 ? 0x30 + v : 0x57 + v }
}
