import GatehouseCore
import NIOCore
import Synchronization

/// Encoded check answers by `CheckResult.keptAs`: a question asked again is answered with the bytes
/// written the first time (encoding was a tenth of a repeated check). Bounded: a full table makes room for
/// one entry at a time, as `DecisionCache` does.
final class RenderedAnswers: Sendable {
    private let bodies = Mutex<[UInt64: ByteBuffer]>([:])
    private let limit: Int

    init(limit: Int = 20_000) { self.limit = limit }

    func body(for result: CheckResult, render: () -> ByteBuffer) -> ByteBuffer {
        guard let kept = result.keptAs else { return render() }
        if let known = bodies.withLock({ $0[kept] }) { return known }
        let made = render()
        bodies.withLock { bodies in
            if bodies.count >= limit { bodies.remove(at: bodies.startIndex) }
            bodies[kept] = made
        }
        return made
    }
}
