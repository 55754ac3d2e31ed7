import Foundation
import GatehouseCore
import Hummingbird

/// The Admin API's collections for one product environment (`/v1_1/{cloud_name}/collections…`): the
/// registry collection roles are held on. Authenticated and decided exactly as the folder routes: an API
/// key and secret of that environment, each call decided for that key by the Cedar engine
/// (`CollectionService`).
struct CollectionRoutes {
    let service: CollectionService

    /// Longest page of `GET collections`, as for folder listings.
    static let listingLimit = 2000

    func register(on group: RouterGroup<GatehouseRequestContext>) {
        group.get("collections") { request, context in
            let caller = try await authenticate(request, context)
            let page = try OffsetPage(try await service.list(caller: caller), request, limit: Self.listingLimit)
            return try JSONResponse.make(WireListPage("collections", page, WireCollection.init))
        }
        group.post("collections") { request, context in
            let caller = try await authenticate(request, context)
            let name = try await Self.name(request, context)
            return try JSONResponse.make(WireCollection(try await service.create(name: name, caller: caller)))
        }
        group.get("collections/:collection_id") { request, context in
            let caller = try await authenticate(request, context)
            return try JSONResponse.make(WireCollection(try await service.get(try context.path("collection_id"), caller: caller)))
        }
        group.put("collections/:collection_id") { request, context in
            let caller = try await authenticate(request, context)
            let name = try await Self.name(request, context)
            return try JSONResponse.make(WireCollection(
                try await service.rename(try context.path("collection_id"), to: name, caller: caller)))
        }
        group.delete("collections/:collection_id") { request, context in
            let caller = try await authenticate(request, context)
            let deleted = try await service.delete(try context.path("collection_id"), caller: caller)
            return try JSONResponse.make(WireDeletedCollection(external_id: deleted.externalID))
        }
        group.get("collection_operations/invite/:collection_id") { request, context in
            let caller = try await authenticate(request, context)
            let include = try ContentRoleChangeBody.includePermitted(QueryParameters(request.uri.query))
            let roles = try await service.roles(onCollection: try context.path("collection_id"), caller: caller, includePermitted: include)
            return try JSONResponse.make(WireContentRoles(roles, instanceKey: "collection_id"))
        }
        group.post("collection_operations/invite/:collection_id") { request, context in
            let caller = try await authenticate(request, context)
            let change = try ContentRoleChangeBody.parse(try await WireBody.read(request, context: context))
            try await service.changeRoles(onCollection: try context.path("collection_id"), change, caller: caller)
            return try JSONResponse.make(["success": true])
        }
    }

    func authenticate(_ request: Request, _ context: GatehouseRequestContext) async throws -> EnvironmentCaller {
        try await EnvironmentKeyAuth.caller(request, context, store: service.store)
    }

    /// `name` from the query string, a form body (what the legacy SDKs send) or a JSON body.
    static func name(_ request: Request, _ context: GatehouseRequestContext) async throws -> String {
        if let name = QueryParameters(request.uri.query).string("name") { return name }
        if request.headers[.contentType]?.lowercased().hasPrefix("application/x-www-form-urlencoded") == true {
            let buffer = try await WireBody.collect(request, context: context)
            guard let name = QueryParameters(String(buffer: buffer)).string("name") else {
                throw GatehouseError.invalidField(field: "name", reason: "is required")
            }
            return name
        }
        return try await WireBody.read(request, context: context).requiredString("name")
    }
}
