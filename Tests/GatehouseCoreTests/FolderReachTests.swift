import Cedar
@testable import GatehouseCore
import Testing

/// What one partial evaluation says about which folders a principal's grants can reach: folder roles name
/// their subtrees, asset statements never hold for a folder, and anything else leaves each folder to be decided.
@Suite struct FolderReachTests {
    static let folder = Name(qualified: "Cloudinary::Folder")
    static let read = EntityUID(type: Name(qualified: "Cloudinary::Action"), id: "read")
    static let alice = EntityUID(type: Name(qualified: "Cloudinary::User"), id: "alice")

    func reach(_ policies: String) throws -> FolderReach {
        let set = try PolicySet(parsing: policies)
        let partial = Authorizer().isAuthorizedPartial(
            PartialRequest(principal: Self.alice, action: Self.read, resource: nil), policies: set, entities: try Entities([Entity(uid: Self.alice)]))
        return FolderReach(partial, folderType: Self.folder)
    }

    /// A folder viewer role's two statements, on the folder with the given id.
    func viewer(_ id: String) -> String {
        """
        permit(principal, action == Cloudinary::Action::"read", resource is Cloudinary::Folder) when { resource.ancestor_ids.contains("\(id)") };
        permit(principal, action == Cloudinary::Action::"read", resource is Cloudinary::Asset) when { resource.ancestor_ids.contains("\(id)") };
        """
    }

    @Test func folderRolesNameTheirSubtreesExactly() throws {
        #expect(try reach(viewer("a") + viewer("b")) == .within(["a", "b"], exact: true))
    }

    @Test func grantsThatDoNotDependOnTheFolderDecideEveryFolder() throws {
        #expect(try reach(#"permit(principal, action, resource);"#) == .every(allowed: true))
        #expect(try reach(#"permit(principal, action == Cloudinary::Action::"update", resource);"#) == .every(allowed: false))
        #expect(try reach("") == .every(allowed: false))
    }

    @Test func aGlobalFolderPermitReachesEveryFolder() throws {
        let global = """
            permit(principal, action == Cloudinary::Action::"read", resource is Cloudinary::Folder);
            permit(principal, action, resource == Cloudinary::Feature::"cld::global::ml::access");
            """
        #expect(try reach(global + viewer("a")) == .every(allowed: true))
        let forbid = #"forbid(principal, action, resource is Cloudinary::Folder) when { resource.name == "secret" };"#
        #expect(try reach(global + forbid) == .undetermined)
    }

    @Test func aForbidOrAFurtherTestLeavesTheSubtreesToBeDecided() throws {
        let forbid = #"forbid(principal, action, resource is Cloudinary::Folder) when { resource.name == "secret" };"#
        #expect(try reach(viewer("a") + forbid) == .within(["a"], exact: false))
        let narrower = #"permit(principal, action, resource) when { resource.ancestor_ids.contains("a") && resource.name like "x*" };"#
        #expect(try reach(narrower) == .within(["a"], exact: false))
        // A forbid on assets only never touches a folder.
        let assets = #"forbid(principal, action, resource is Cloudinary::Asset) when { resource.access_mode == "private" };"#
        #expect(try reach(viewer("a") + assets) == .within(["a"], exact: true))
    }

    @Test func aPermitThatNamesNoSubtreeReachesEveryFolder() throws {
        let byName = #"permit(principal, action, resource is Cloudinary::Folder) when { resource.name == "public" };"#
        #expect(try reach(viewer("a") + byName) == .undetermined)
        let either = #"permit(principal, action, resource) when { resource.ancestor_ids.contains("a") || resource.ancestor_ids.contains("b") };"#
        #expect(try reach(either) == .undetermined)
        // Satisfied whatever the folder: only the forbid is left to decide, on every folder.
        let forbid = #"forbid(principal, action, resource) when { resource.ancestor_ids.contains("a") };"#
        #expect(try reach(#"permit(principal, action, resource);"# + forbid) == .undetermined)
    }
}
