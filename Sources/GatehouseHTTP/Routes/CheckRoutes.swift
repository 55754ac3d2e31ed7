import GatehouseCore
import Hummingbird

/// `POST /v2/accounts/{account_id}/permissions/check`: single (`{principal, action, resource, …}`) or batch
/// (`{"checks": [...]}`) decisions with explanations. Not part of Cloudinary's API.
struct CheckRoutes {
    let decisions: DecisionService
    var metrics: GatehouseMetrics? = nil
    let rendered = RenderedAnswers()

    /// Batches larger than this are refused, so one request cannot hold the store for long.
    static let maxBatch = 1000

    func register(on group: RouterGroup<GatehouseRequestContext>) {
        group.post("check") { request, context in
            let body = try await WireBody.read(request, context: context)
            let accountID = try context.requireAccount()
            if case .array(let items)? = body.fields["checks"] {
                guard items.count <= Self.maxBatch else {
                    throw GatehouseError.invalidField(field: "checks", reason: "accepts at most \(Self.maxBatch) checks")
                }
                let checks = try items.map { item -> CheckRequest in
                    guard case .object(let fields) = item else { throw GatehouseError.invalidField(field: "checks", reason: "must hold objects") }
                    return try Self.checkRequest(WireBody(fields: fields))
                }
                let results = try await decisions.check(checks, accountID: accountID)
                for result in results { metrics?.decided(allowed: result.decision == .allow, by: .checkAPI) }
                return JSONResponse.data { w in w.array(results) { w, r in WireCheckResult(r).write(to: &w) } }
            }
            if body.has("operation") {
                let result = try await decisions.check(try Self.compositeRequest(body), accountID: accountID)
                metrics?.decided(allowed: result.decision == .allow, by: .checkAPI)
                return JSONResponse.data { w in WireCompositeResult(result).write(to: &w) }
            }
            let result = try await decisions.check(try Self.checkRequest(body), accountID: accountID, generation: context.storeGeneration)
            metrics?.decided(allowed: result.decision == .allow, by: .checkAPI)
            return JSONResponse.written(rendered.body(for: result) { JSONResponse.dataBytes { w in WireCheckResult(result).write(to: &w) } })
        }
    }

    static func principal(_ body: WireBody) throws -> Principal {
        guard case .object(let p)? = body.fields["principal"] else {
            throw GatehouseError.invalidField(field: "principal", reason: "is required ({\"type\", \"id\"})")
        }
        return try PermissionsRoutes.principal(type: p["type"]?.stringValue, id: p["id"]?.stringValue)
    }

    /// `{"operation": "move_assets", "asset": {…}, "destination": {"ancestor_ids": […]}, …}`.
    static func compositeRequest(_ body: WireBody) throws -> CompositeCheckRequest {
        guard let operation = try body.enumValue("operation", CompositeOperation.self) else {
            throw GatehouseError.invalidField(field: "operation", reason: "is required")
        }
        let principal = try principal(body)
        var resources: [CompositeOperation.Subject: CheckRequest.Resource] = [:]
        let defaults: [(CompositeOperation.Subject, String)] = [
            (.asset, "Asset"), (.assetAtDestination, "Asset"), (.collection, "Collection"), (.folder, "Folder"),
        ]
        for (subject, type) in defaults {
            guard case .object(let r)? = body.fields[subject.rawValue] else { continue }
            guard let id = r["id"]?.stringValue else {
                throw GatehouseError.invalidField(field: subject.rawValue, reason: "needs an id")
            }
            resources[subject] = .init(type: r["type"]?.stringValue ?? type, id: id, attributes: r["attributes"]?.objectValue ?? [:])
        }
        // The asset as it would be after the move: same asset, the destination folder's chain as ancestors.
        if resources[.assetAtDestination] == nil, var moved = resources[.asset], case .object(let d)? = body.fields["destination"] {
            guard let chain = d["ancestor_ids"], case .array = chain else {
                throw GatehouseError.invalidField(field: "destination", reason: "needs ancestor_ids (the destination folder and the folders above it)")
            }
            moved.attributes["ancestor_ids"] = chain
            resources[.assetAtDestination] = moved
        }
        return CompositeCheckRequest(
            operation: operation, principal: principal, scopeID: try body.string("scope_id"), resources: resources,
            whatIf: try whatIf(body, principal: principal))
    }

    static func whatIf(_ body: WireBody, principal: Principal) throws -> [RoleGrantRequest] {
        guard case .array(let items)? = body.fields["what_if"] else { return [] }
        return try items.map { item in
            guard case .object(let g) = item, let roleID = g["role_id"]?.stringValue ?? g["id"]?.stringValue else {
                throw GatehouseError.invalidField(field: "what_if", reason: "each entry needs a role_id")
            }
            return RoleGrantRequest(
                roleID: roleID, principal: principal, scopeID: g["scope_id"]?.stringValue,
                parameters: try PermissionsRoutes.parameters(g["policy_parameters"], field: "what_if.policy_parameters"))
        }
    }

    static func checkRequest(_ body: WireBody) throws -> CheckRequest {
        let principal = try principal(body)
        let action: String
        switch body.fields["action"] {
        case .string(let s)?: action = s
        case .object(let a)?:
            guard let type = a["type"]?.stringValue, let id = a["id"]?.stringValue else {
                throw GatehouseError.invalidField(field: "action", reason: "needs type and id")
            }
            action = "\(type)::\"\(id)\""
        default: throw GatehouseError.invalidField(field: "action", reason: "is required (e.g. \"read\")")
        }
        guard case .object(let r)? = body.fields["resource"], let type = r["type"]?.stringValue, let id = r["id"]?.stringValue else {
            throw GatehouseError.invalidField(field: "resource", reason: "is required ({\"type\", \"id\", \"attributes\"})")
        }
        let attributes = r["attributes"]?.objectValue ?? [:]
        return CheckRequest(
            principal: principal, action: action, resource: .init(type: type, id: id, attributes: attributes),
            context: try body.object("context") ?? [:], scopeID: try body.string("scope_id"),
            whatIf: try whatIf(body, principal: principal))
    }
}
