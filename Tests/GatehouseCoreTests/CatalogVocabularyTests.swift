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
        #expect(features.allSatisfy { $0.hasPrefix("cld::global::") })
    }

    @Test func actionsAndTypesComeFromTheSchema() throws {
        let schema = try CloudinarySchema.bundled()
        #expect(Array(schema.actionIDs.prefix(4)) == ["read", "create", "update", "delete"])
        #expect(Set(schema.actionIDs).isSuperset(of: ["move", "share", "download", "moderate"]))
        #expect(Set(schema.entityTypes).isSuperset(of: ["Cloudinary::User", "Cloudinary::Folder", "Cloudinary::Collection", "Cloudinary::Feature"]))
    }
}
