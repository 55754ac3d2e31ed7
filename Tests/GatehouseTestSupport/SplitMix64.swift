/// SplitMix64: a small reproducible random source, so a failing seed of a fuzz or property test can be run
/// again. Shared by the test targets (the benchmark keeps its own: it must not depend on tests).
public struct SplitMix64: RandomNumberGenerator, Sendable {
    public var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in `0..<n` by plain modulo (the fuzz tests' inputs were chosen so; `n` > 0).
    public mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }

    /// An element of a non-empty array, by `below`.
    public mutating func element<T>(of items: [T]) -> T { items[below(items.count)] }
}
