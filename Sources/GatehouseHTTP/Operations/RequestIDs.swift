import Synchronization

/// Ids for requests that bring none, in UUID form: a part drawn at random once (so ids differ across restarts
/// and servers) and a counter (so they differ within the process). A UUID drawn per request cost a system
/// call and Foundation's formatting on every request.
final class RequestIDs: Sendable {
    private let drawn = UInt64.random(in: .min ... .max)
    private let counter = Atomic<UInt64>(0)

    func next() -> String {
        let count = counter.wrappingAdd(1, ordering: .relaxed).newValue
        return String(unsafeUninitializedCapacity: 36) { text in
            var at = 0
            for i in 0..<32 {
                if i == 8 || i == 12 || i == 16 || i == 20 {
                    text[at] = UInt8(ascii: "-")
                    at += 1
                }
                let value = i < 16 ? drawn : count
                let digit = UInt8(truncatingIfNeeded: value >> UInt64(60 - 4 * (i % 16))) & 0xF
                text[at] = digit < 10 ? 0x30 + digit : 0x57 + digit
                at += 1
            }
            return at
        }
    }
}
