import Foundation

/// Runs work on a thread with a large stack. The typechecker follows the
/// reference's recursive rules, and policies may legally nest up to the
/// parser's limits (about 2,000 `&&`/`||` operators, 1,000 levels), which
/// can exceed the default stack of a test or server worker thread.
enum LargeStack {
    /// Stack size for validation threads: address space only, touched lazily.
    static let size = 512 << 20

    private final class Box<T>: @unchecked Sendable {
        var value: T?
        let done = DispatchSemaphore(value: 0)
    }

    static func run<T>(_ body: @escaping () -> T) -> T {
        let box = Box<T>()
        let work = UncheckedSendable(body)
        let thread = Thread {
            box.value = work.value()
            box.done.signal()
        }
        thread.stackSize = size
        thread.start()
        box.done.wait()
        return box.value!
    }

    /// Carries a non-`Sendable` closure to the worker thread; the caller
    /// blocks until the worker is done, so there is no concurrent access.
    private struct UncheckedSendable<V>: @unchecked Sendable {
        let value: V
        init(_ value: V) { self.value = value }
    }
}
