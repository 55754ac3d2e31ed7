import GatehouseTestSupport

/// The escalation test's choices over a seeded SplitMix64, so a failing seed can be run again.
struct SeededGenerator: RandomNumberGenerator {
    var base: SplitMix64

    init(seed: UInt64) { base = SplitMix64(seed: seed) }

    mutating func next() -> UInt64 { base.next() }

    mutating func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &self) < p }

    mutating func pick<T>(_ items: [T]) -> T? { items.isEmpty ? nil : items[Int.random(in: 0..<items.count, using: &self)] }

    mutating func subset<T>(_ items: [T], max: Int) -> [T] {
        var result: [T] = []
        for item in items.shuffled(using: &self) where result.count < max && chance(0.5) { result.append(item) }
        return result
    }
}
