/// Tasks that need several permissions at once (the seed's "Multiple permissions" table). Each is an AND of
/// requirements; each requirement is one Cedar question whose answer may come from a global role or from a
/// folder/collection role, which gives the table's ORs.
public enum CompositeOperation: String, Sendable, CaseIterable {
    case moderateAssets = "moderate_assets"
    case addAssetsToCollection = "add_assets_to_collection"
    case removeAssetsFromCollection = "remove_assets_from_collection"
    case relateAssets = "relate_assets"
    case moveAssets = "move_assets"
    case startCreativeApprovalProofs = "start_creative_approval_proofs"
    case managePublicLinks = "manage_public_links"
    case moveFolders = "move_folders"

    /// Which resource of the request a requirement is asked about.
    public enum Subject: String, Sendable {
        /// The asset as it is now (in its folder of origin).
        case asset
        /// The asset as it would be in the destination folder.
        case assetAtDestination = "asset_at_destination"
        case collection
        case folder
        /// A Console feature, identified by `featureID`.
        case feature
    }

    /// One part of the AND.
    public struct Requirement: Sendable {
        public var label: String
        public var action: String
        public var subject: Subject
        public var featureID: String?
        /// Context for the Cedar request (e.g. the direction of a move).
        public var context: [String: JSONValue]
    }

    /// The resources the caller must describe for this operation.
    public var subjects: Set<Subject> {
        Set(requirements.map(\.subject)).subtracting([.feature])
    }

    public var requirements: [Requirement] {
        let viewAsset = Requirement(
            label: "View all folders and assets (global) or View assets (folder role)", action: "read", subject: .asset, context: [:])
        switch self {
        case .moderateAssets:
            return [
                Requirement(label: "Access the Moderation page", action: "read", subject: .feature,
                            featureID: "cld::global::moderation::access", context: [:]),
                Requirement(label: "Moderate all assets (global) or Moderate assets (folder role)", action: "moderate", subject: .asset, context: [:]),
                viewAsset,
            ]
        case .addAssetsToCollection, .removeAssetsFromCollection:
            let verb = self == .addAssetsToCollection ? "Add assets" : "Remove assets"
            return [
                Requirement(label: "Manage all collections (global) or \(verb) (collection role)", action: "update", subject: .collection, context: [:]),
                Requirement(label: "View all collections (global) or View collection (collection role)", action: "read", subject: .collection, context: [:]),
                viewAsset,
            ]
        case .relateAssets:
            return [
                Requirement(label: "Relate assets", action: "read", subject: .feature, featureID: "cld::global::assets::relate", context: [:]),
                viewAsset,
            ]
        case .moveAssets:
            return [
                Requirement(label: "Update all folders and assets (global) or Move assets (folder role) on the folder of origin",
                            action: "move", subject: .asset, context: ["direction": .string("out")]),
                Requirement(label: "Update all folders and assets (global) or Add assets (folder role) on the destination folder",
                            action: "create", subject: .assetAtDestination, context: [:]),
                viewAsset,
            ]
        case .startCreativeApprovalProofs:
            return [
                Requirement(label: "Start creative approval proofs", action: "read", subject: .feature,
                            featureID: "cld::global::creative_approval::start", context: [:]),
                viewAsset,
            ]
        case .managePublicLinks:
            return [
                Requirement(label: "Manage public links", action: "read", subject: .feature,
                            featureID: "cld::global::public_links::manage", context: [:]),
                viewAsset,
            ]
        case .moveFolders:
            return [
                Requirement(label: "Move folder (folder role) or Update all folders and assets (global)", action: "move", subject: .folder,
                            context: ["direction": .string("out")]),
                Requirement(label: "View all folders and assets (global) or View assets (folder role)", action: "read", subject: .folder, context: [:]),
            ]
        }
    }
}

/// A composite question: the operation, who asks, where, and the resources it touches.
public struct CompositeCheckRequest: Sendable {
    public var operation: CompositeOperation
    public var principal: Principal
    public var scopeID: String?
    /// Resources by subject (`asset`, `asset_at_destination`, `collection`, `folder`).
    public var resources: [CompositeOperation.Subject: CheckRequest.Resource]
    public var whatIf: [RoleGrantRequest]

    public init(
        operation: CompositeOperation, principal: Principal, scopeID: String?,
        resources: [CompositeOperation.Subject: CheckRequest.Resource], whatIf: [RoleGrantRequest] = []
    ) {
        self.operation = operation
        self.principal = principal
        self.scopeID = scopeID
        self.resources = resources
        self.whatIf = whatIf
    }
}

/// The composite answer: allowed only when every requirement is; each requirement keeps its own explanation.
public struct CompositeCheckResult: Sendable {
    public struct Part: Sendable {
        public var requirement: CompositeOperation.Requirement
        public var result: CheckResult
    }
    public var operation: CompositeOperation
    public var parts: [Part]
    public var decision: CheckResult.Decision { parts.allSatisfy { $0.result.decision == .allow } ? .allow : .deny }
    /// The requirements that are not met.
    public var missing: [CompositeOperation.Requirement] { parts.filter { $0.result.decision == .deny }.map(\.requirement) }
}
