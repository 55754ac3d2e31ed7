/// The store as every service sees it: reads as they are, writes only for a caller and only through the
/// guard. Services hold this, never the raw `GatehouseStore`, so no door can write around the guard: a
/// service that was not told who is acting (`acting(as:)`) cannot write at all.
public struct GuardedStore: Sendable {
    public let base: any GatehouseStore
    public let catalog: Catalog
    /// Who the writes are for; nil until `acting(as:)`.
    public let caller: Caller?

    public init(_ base: any GatehouseStore, catalog: Catalog, caller: Caller? = nil) {
        self.base = base
        self.catalog = catalog
        self.caller = caller
    }

    public func acting(as caller: Caller) -> GuardedStore {
        GuardedStore(base, catalog: catalog, caller: caller)
    }

    public func read<T: Sendable>(_ body: @escaping @Sendable (any StoreReader) throws -> T) async throws -> T {
        try await base.read(body)
    }

    public func readNow<T>(_ body: (any StoreReader) throws -> T) throws -> T {
        try base.readNow(body)
    }

    /// One transaction in `accountID` for the caller: the body's changes commit only if they keep the
    /// escalation rules (`EscalationGuard`); otherwise nothing is written and the refusal is thrown.
    public func write<T: Sendable>(accountID: String, _ body: @escaping @Sendable (any StoreWriter) throws -> T) async throws -> T {
        guard let caller else {
            throw GatehouseError.notAllowed("Refused: the write was not made for any caller")
        }
        let rules = EscalationGuard(caller: caller, accountID: accountID, catalog: catalog)
        // Read here, in the request's task: the store runs the body on its own queue, where it is unset.
        let origin = AuditOrigin.current
        return try await base.write(changing: { db in
            let writer = GuardedWriter(base: db, rules: rules, origin: origin)
            let result = try body(writer)
            try rules.check(writer)
            // The operator's writes (seats, restores) are rare and may reach past one account: they drop everything.
            return (result, caller == .local || accountID.isEmpty ? .everything : writer.standingChange)
        })
    }
}
