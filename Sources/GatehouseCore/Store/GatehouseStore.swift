/// A durable store. Each `write` is one transaction that is durable once it returns.
public protocol GatehouseStore: Sendable {
    func read<T: Sendable>(_ body: @escaping @Sendable (any StoreReader) throws -> T) async throws -> T
    /// A write whose body says what it changed of anyone's standing (`StandingChange`): caches derived from
    /// the store are dropped for those scopes only, in the same transaction as the change.
    func write<T: Sendable>(changing body: @escaping @Sendable (any StoreWriter) throws -> (T, StandingChange)) async throws -> T
    /// A write to the mail queue alone (the mail worker's claims and deliveries): durable like any write,
    /// but the write generation stays as it was. Mail changes no one's standing, and a worker polling or
    /// delivering must not make every server compile every principal's grants again.
    func writeMail<T: Sendable>(_ body: @escaping @Sendable (any MailQueueWriter) throws -> T) async throws -> T
    /// A short read run on the calling thread, for the request path where a cache answers almost every
    /// time: there, handing the read to the store's own queue and back costs more than the read itself.
    /// Only for reads of a few rows; anything longer belongs in `read`. Statements are not isolated from
    /// each other: each sees the latest commit.
    func readNow<T>(_ body: (any StoreReader) throws -> T) throws -> T
    func checkReady() async throws
}

extension GatehouseStore {
    /// A write that may have changed anything: every cached decision of every account is dropped.
    public func write<T: Sendable>(_ body: @escaping @Sendable (any StoreWriter) throws -> T) async throws -> T {
        try await write(changing: { db in (try body(db), .everything) })
    }

    /// Throws unless the store can serve now (`/ready`): its database answers and its schema is current.
    /// An embedded store migrates when it opens, so a read that answers is enough.
    public func checkReady() async throws {
        _ = try await read { db in try db.writeGeneration() }
    }
}
