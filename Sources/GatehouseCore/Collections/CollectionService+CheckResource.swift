/// The collection resource a decision is asked about, built as the collection operations build it.
extension CollectionService {
    /// The collection named by its external id (or, failing that, its name) in the environment; 404 when
    /// neither names one.
    public func checkResource(_ idOrName: String, environmentID: String) async throws -> (resource: CheckRequest.Resource, name: String) {
        try await store.read { db in
            guard let found = try db.collection(externalID: idOrName, environmentID: environmentID)
                ?? db.collection(named: idOrName, environmentID: environmentID)
            else { throw GatehouseError.notFound(kind: .collection, id: idOrName) }
            return (Self.resource(found), found.name)
        }
    }
}
