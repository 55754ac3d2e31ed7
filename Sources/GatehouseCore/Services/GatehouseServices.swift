import Foundation

/// The composition root: every service, built once over one store, for `serve`, the commands and the
/// tests alike. Services come unbound (their writes are refused) and are bound to a caller per request
/// with `acting(as:)`, so every door writes through the same guard.
public struct GatehouseServices: Sendable {
    /// What is loaded once at start: the catalog of system roles and policies, and the Cedar schema.
    public struct Resources: Sendable {
        public var catalog: Catalog
        public var schema: CloudinarySchema

        public init(catalog: Catalog, schema: CloudinarySchema) {
            self.catalog = catalog
            self.schema = schema
        }

        public static func bundled() throws -> Resources {
            Resources(catalog: try Catalog.bundled(), schema: try CloudinarySchema.bundled())
        }
    }

    public let resources: Resources
    public let store: GuardedStore
    public let checker: StatementChecker
    public let accounts: AccountService
    public let provisioning: ProvisioningService
    public let permissions: PermissionsService
    public let decisions: DecisionService
    public let folders: FolderService
    public let collections: CollectionService
    public let identity: IdentityService
    public let audit: AuditLog
    public let saml: SAMLService
    /// Threads for CPU-heavy work (password hashing, XML signature checks), off the event loops.
    public let cpu: CPUWorkPool
    /// Where the services report what `/metrics` shows (the same one the store was given, if any).
    public let recorder: any OperationsRecorder

    public init(
        store: any GatehouseStore, resources: Resources, identity settings: IdentitySettings = IdentitySettings(publicURL: "http://127.0.0.1:8080"),
        ids: IdentifierGenerator = .init(), auditSigner: AuditSigner = AuditSigner(), now: @escaping @Sendable () -> Date = { Date.storedNow() },
        recorder: any OperationsRecorder = SilentRecorder()
    ) {
        self.resources = resources
        self.recorder = recorder
        self.store = GuardedStore(store, catalog: resources.catalog)
        checker = StatementChecker(schema: resources.schema)
        cpu = CPUWorkPool(threads: 2, maxPending: 32, stackSize: 1 << 20)
        let hasher = PasswordHasher(cost: settings.bcryptCost, pool: cpu)
        identity = IdentityService(store: self.store, settings: settings, hasher: hasher, now: now)
        let derived = DecisionCache(recorder: recorder)
        accounts = AccountService(store: self.store, links: identity.links, hasher: hasher, ids: ids, now: now, derived: derived)
        provisioning = ProvisioningService(store: self.store, links: identity.links, ids: ids, now: now)
        permissions = PermissionsService(store: self.store, checker: checker, ids: ids, now: now)
        decisions = DecisionService(permissions: permissions, derived: derived)
        folders = FolderService(decisions: decisions, ids: ids, now: now)
        collections = CollectionService(decisions: decisions, ids: ids, now: now)
        audit = AuditLog(store: self.store, signer: auditSigner, now: now)
        saml = SAMLService(store: self.store, identity: identity, permissions: permissions, now: now)
    }

    /// Over the bundled catalog and schema.
    public init(
        store: any GatehouseStore, identity settings: IdentitySettings = IdentitySettings(publicURL: "http://127.0.0.1:8080"),
        auditSigner: AuditSigner = AuditSigner(), recorder: any OperationsRecorder = SilentRecorder()
    ) throws {
        self.init(store: store, resources: try .bundled(), identity: settings, auditSigner: auditSigner, recorder: recorder)
    }
}
