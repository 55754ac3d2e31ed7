import GatehouseCore
import Hummingbird
import Synchronization

/// `GET /ready` for load balancers: 200 while the store can serve (its database answers, its schema is
/// current), 503 otherwise, within `limit` even when the database hangs rather than refuses. `/health`
/// stays 200 meanwhile: the process is alive and comes back by itself once the database does.
struct ReadinessRoute: Sendable {
    let store: any GatehouseStore
    var limit: Duration = .seconds(5)

    func register(on router: Router<GatehouseRequestContext>) {
        router.get("ready") { _, _ in
            do {
                try await check()
                return try JSONResponse.make(["status": "ready"])
            } catch {
                return try JSONResponse.make(["status": "unavailable", "reason": Self.reason(error)], status: .serviceUnavailable)
            }
        }
    }

    /// The first of the check and the time limit. Not a task group: that would wait for a check stuck in
    /// the database before answering.
    private func check() async throws {
        let answered = Mutex(false)
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let answer: @Sendable (Result<Void, any Error>) -> Void = { result in
                if answered.withLock({ done in defer { done = true }; return !done }) { continuation.resume(with: result) }
            }
            Task { [store] in
                do {
                    try await store.checkReady()
                    answer(.success(()))
                } catch {
                    answer(.failure(error))
                }
            }
            Task { [limit] in
                try? await Task.sleep(for: limit)
                answer(.failure(GatehouseError.unavailable("the database did not answer within \(limit)")))
            }
        }
    }

    /// What the operator reads in the answer: the store's own words, never a client's input.
    private static func reason(_ error: any Error) -> String {
        if let error = error as? GatehouseError, case .unavailable(let why) = error { return why }
        return String(describing: error)
    }
}
