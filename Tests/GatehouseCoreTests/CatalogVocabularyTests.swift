import GatehouseCore
import Testing

/// The vocabulary the Access explorer offers comes from the bundled catalog and schema.
@Suite struct CatalogVocabularyTests {
    @Test func featuresAreThoseThePoliciesName() throws {
        let features = try Catalog.bundled().featureIDs
        #expect(features == features.sorted() && Set(features).count == features.count)
        for id in ["cld::global::users::view", "cld::global::account::update", "cld::global::api_keys::manage", "cld::global::ml::access"] {
            #expect(features.contains(id))
        }
        // Cloudinary's features, and Gatehouse's own (its audit log) in a namespace of its own.
        #expect(features.allSatisfy { $0.hasPrefix("cld::global::") || $0.hasPrefix("gatehouse::global::") })
        #expect(features.filter { $0.hasPrefix("gatehouse::") } == [AuditLog.readFeatureID])
    }

    /// The audit log's policy is Gatehouse's own, marked so in the catalog, and only Master Admin and Admin hold it.
    @Test func theAuditLogPolicyIsOursAndHeldByTheAdminsOnly() throws {
        let catalog = try Catalog.bundled()
        let policy = try #require(catalog.policy(id: AuditLog.readPolicyID))
        #expect(policy.scopeType == .account && policy.permissionType == .global)
        #expect(policy.statement.contains("Cloudinary::Feature::\"\(AuditLog.readFeatureID)\""))
        let holders = catalog.roles.filter { $0.systemPolicyIDs.contains(AuditLog.readPolicyID) }.map(\.id)
        #expect(holders.sorted() == ["cld::role::account::admin", "cld::role::account::master_admin"])
        let gatehouseOwn = catalog.policies.filter { !$0.id.hasPrefix("cld::") }.map(\.id)
        #expect(gatehouseOwn == [AuditLog.readPolicyID])
        guard case .array(let entries)? = catalog.document.objectValue?["system_policies"],
              let entry = entries.first(where: { $0.objectValue?["id"] == .string(AuditLog.readPolicyID) })?.objectValue
        else { Issue.record("the catalog document lists no \(AuditLog.readPolicyID)"); return }
        #expect(entry["id_source"] == .string("gatehouse") && entry["statement_source"] == .string("gatehouse"))
    }

    @Test func actionsAndTypesComeFromTheSchema() throws {
        let schema = try CloudinarySchema.bundled()
        #expect(Array(schema.actionIDs.prefix(4)) == ["read", "create", "update", "delete"])
        #expect(Set(schema.actionIDs).isSuperset(of: ["move", "share", "download", "moderate"]))
        #expect(Set(schema.entityTypes).isSuperset(of: ["Cloudinary::User", "Cloudinary::Folder", "Cloudinary::Collection", "Cloudinary::Feature"]))
    }
}
