import Foundation
import GatehouseCore
import GatehouseStoreSQLite
import Testing

/// Every product-environment system role × representative actions and resources → expected decision.
@Suite struct SystemRoleMatrixTests {
    enum Probe: String, CaseIterable {
        case readAsset, deleteAsset, moderateAsset, openMediaLibrary, usageReport, deliveryReport, editUploadPreset
        case readCollection, updateSettings

        var action: String {
            switch self {
            case .readAsset, .openMediaLibrary, .usageReport, .deliveryReport, .readCollection: "read"
            case .deleteAsset: "delete"
            case .moderateAsset: "moderate"
            case .editUploadPreset: "update"
            case .updateSettings: "update_settings"
            }
        }

        func resource(environment: String) -> CheckRequest.Resource {
            let asset = CheckRequest.Resource(type: "Asset", id: "a1", attributes: [
                "ancestor_ids": .array([.string("f1")]), "resource_type": .string("image"), "access_mode": .string("public"),
            ])
            switch self {
            case .readAsset, .deleteAsset, .moderateAsset: return asset
            case .openMediaLibrary: return .init(type: "Feature", id: "cld::global::ml::access")
            case .usageReport: return .init(type: "Report", id: "r1", attributes: ["type": .string("env_usage")])
            case .deliveryReport: return .init(type: "Report", id: "r2", attributes: ["type": .string("delivery")])
            case .editUploadPreset: return .init(type: "UploadPreset", id: "p1")
            case .readCollection: return .init(type: "Collection", id: "c1", attributes: ["id": .string("c1")])
            case .updateSettings: return .init(type: "ProductEnvironment", id: environment)
            }
        }
    }

    static let admins: Set<Probe> = [.readAsset, .deleteAsset, .moderateAsset, .openMediaLibrary, .readCollection]
    static let reports: Set<Probe> = [.usageReport, .deliveryReport]

    /// Allowed probes per role; everything else must be denied.
    static let matrix: [(String, Set<Probe>)] = [
        ("cld::role::prodenv::master_admin", admins.union(reports).union([.editUploadPreset, .updateSettings])),
        // Upload-preset management includes `update_settings` on the environment (catalog).
        ("cld::role::prodenv::technical_admin", admins.union(reports).union([.editUploadPreset, .updateSettings])),
        ("cld::role::prodenv::ml_admin", admins),
        ("cld::role::prodenv::ml_user", [.openMediaLibrary]),
        ("cld::role::prodenv::reports", reports),
        ("cld::role::prodenv::billing", [.usageReport]),
        ("none", []),
    ]

    @Test func everyProductEnvironmentSystemRole() async throws {
        let f = try await Fixture()
        let env = try await f.service.environments(EnvironmentQuery(accountID: f.accountID))[0].0.id
        for (roleID, allowed) in Self.matrix {
            let group = try await f.service.createGroup(name: "holders of \(roleID)", accountID: f.accountID)
            let principal = Principal(type: .group, id: group.id)
            if roleID != "none" {
                try await f.permissions.changeAssignments(
                    [RoleGrantRequest(roleID: roleID, principal: principal, scopeID: env, parameters: [:])], operation: .add,
                    accountID: f.accountID)
            }
            for probe in Probe.allCases {
                let result = try await f.decisions.check(
                    CheckRequest(principal: principal, action: probe.action, resource: probe.resource(environment: env), scopeID: env),
                    accountID: f.accountID)
                #expect(result.decision == (allowed.contains(probe) ? .allow : .deny), "\(roleID) \(probe)")
                #expect(result.errors.isEmpty, "\(roleID) \(probe): \(result.errors)")
            }
        }
    }

    @Test func folderRolesDownTheTree() async throws {
        let f = try await Fixture()
        let env = try await f.service.environments(EnvironmentQuery(accountID: f.accountID))[0].0.id
        // viewer < contributor (adds assets) < editor (edits) < manager (deletes, shares)
        let expectations: [(String, [String: Bool])] = [
            ("cld::role::folder::viewer", ["read": true, "create": false, "update": false, "delete": false]),
            ("cld::role::folder::contributor", ["read": true, "create": true, "update": false, "delete": false]),
            ("cld::role::folder::editor", ["read": true, "create": true, "update": true, "delete": false]),
            ("cld::role::folder::manager", ["read": true, "create": true, "update": true, "delete": true]),
        ]
        for (roleID, actions) in expectations {
            let group = try await f.service.createGroup(name: "on folder \(roleID)", accountID: f.accountID)
            let principal = Principal(type: .group, id: group.id)
            try await f.permissions.changeAssignments(
                [RoleGrantRequest(roleID: roleID, principal: principal, scopeID: env, parameters: ["folder_id": "top"])],
                operation: .add, accountID: f.accountID)
            for (action, expected) in actions {
                for (chain, inside) in [(["top", "sub", "leaf"], true), (["elsewhere"], false)] {
                    let asset = CheckRequest.Resource(type: "Asset", id: "a", attributes: [
                        "ancestor_ids": .array(chain.map { .string($0) }), "resource_type": .string("image"), "access_mode": .string("public"),
                    ])
                    let result = try await f.decisions.check(
                        CheckRequest(principal: principal, action: action, resource: asset, scopeID: env), accountID: f.accountID)
                    #expect(result.decision == (expected && inside ? .allow : .deny), "\(roleID) \(action) in \(chain)")
                }
            }
        }
    }
}
