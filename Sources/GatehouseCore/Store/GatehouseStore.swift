/// A durable store. Each `write` is one transaction that is durable once it returns.
public protocol GatehouseStore: Sendable {
    func read<T: Sendable>(_ body: @escaping @Sendable (any StoreReader) throws -> T) async throws -> T
    func write<T: Sendable>(_ body: @escaping @Sendable (any StoreWriter) throws -> T) async throws -> T
}
