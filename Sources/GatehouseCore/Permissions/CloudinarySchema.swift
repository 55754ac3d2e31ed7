import Cedar
import Foundation

/// The Cloudinary Cedar vocabulary (entity types and actions), bundled as a Cedar JSON schema. It is served
/// by `public/schema` and used to check the statements of custom policies.
public struct CloudinarySchema: Sendable {
    /// The Cedar JSON schema document.
    public let document: JSONValue
    /// Qualified entity type names, e.g. `Cloudinary::Folder`.
    public let entityTypes: Set<String>
    /// Qualified action UIDs, e.g. `Cloudinary::Action::"read"`.
    public let actions: Set<String>

    public static func bundled() throws -> CloudinarySchema {
        guard let url = Bundle.module.url(forResource: "cloudinary.cedarschema", withExtension: "json") else {
            throw Catalog.LoadError.missingResource
        }
        return try CloudinarySchema(data: Data(contentsOf: url))
    }

    public init(data: Data) throws {
        document = try JSONDecoder().decode(JSONValue.self, from: data)
        var types = Set<String>()
        var actions = Set<String>()
        for (namespace, body) in document.objectValue ?? [:] {
            let prefix = namespace.isEmpty ? "" : namespace + "::"
            for name in body.objectValue?["entityTypes"]?.objectValue?.keys ?? [:].keys { types.insert(prefix + name) }
            for name in body.objectValue?["actions"]?.objectValue?.keys ?? [:].keys {
                actions.insert(EntityUID(type: prefix + "Action", id: name).description)
            }
        }
        entityTypes = types
        self.actions = actions
    }

    /// Names in the policies' scopes that the schema does not know. Conditions are checked by the Cedar
    /// validator where the engine provides one.
    func problems(in set: PolicySet) -> [StatementProblem] {
        var problems: [StatementProblem] = []
        for policy in set.policies + set.templates {
            problems += scopeProblems(policy.principal, code: "invalid_principal", role: "principal")
            problems += scopeProblems(policy.resource, code: "invalid_resource", role: "resource")
            let actionUIDs: [EntityUID]
            switch policy.action {
            case .any: actionUIDs = []
            case .eq(let uid), .in(let uid): actionUIDs = [uid]
            case .inSet(let uids): actionUIDs = uids
            }
            for uid in actionUIDs where !actions.contains(uid.description) {
                problems.append(StatementProblem(code: "invalid_action", message: "unrecognized action `\(uid)`"))
            }
        }
        return problems
    }

    private func scopeProblems(_ constraint: ScopeConstraint, code: String, role: String) -> [StatementProblem] {
        var types: [EntityType] = []
        switch constraint {
        case .any: break
        case .eq(.entity(let uid)), .in(.entity(let uid)): types = [uid.type]
        case .eq(.slot), .in(.slot): break
        case .is(let type): types = [type]
        case .isIn(let type, .entity(let uid)): types = [type, uid.type]
        case .isIn(let type, .slot): types = [type]
        }
        return types.filter { !entityTypes.contains($0.qualified) }.map {
            StatementProblem(code: code, message: "unrecognized entity type `\($0.qualified)` for the \(role)")
        }
    }
}
