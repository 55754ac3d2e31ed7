import GatehouseCore
import GatehouseSCIM
import Hummingbird

/// SCIM 2.0 (RFC 7644) at `/scim/v2`: thin handlers over `SCIMDirectory`, answering in `application/scim+json`.
struct SCIMRoutes {
    let provisioning: ProvisioningService
    let permissions: PermissionsService
    /// Where clients reach this server, for `meta.location`.
    let publicURL: String
    let config = SCIMServiceProviderConfig()

    var baseURL: String { publicURL.hasSuffix("/") ? publicURL + "scim/v2" : publicURL + "/scim/v2" }

    func register(on group: RouterGroup<GatehouseRequestContext>) {
        group.get("ServiceProviderConfig") { _, _ in SCIMResponse.make(config.json(baseURL: baseURL)) }
        group.get("ResourceTypes") { _, _ in SCIMResponse.make(SCIMCatalog.resourceTypesJSON(baseURL: baseURL)) }
        group.get("ResourceTypes/:name") { _, context in
            let name = try context.path("name")
            guard let type = SCIMCatalog.resourceTypes.first(where: { $0.id == name || $0.name == name }) else {
                throw SCIMError.notFound("No resource type \(name)")
            }
            return SCIMResponse.make(type.json(baseURL: baseURL))
        }
        group.get("Schemas") { _, _ in SCIMResponse.make(SCIMCatalog.schemasJSON(baseURL: baseURL)) }
        group.get("Schemas/:urn") { _, context in
            let urn = try context.path("urn")
            guard let schema = SCIMCatalog.schemas.first(where: { $0.id.lowercased() == urn.lowercased() }) else {
                throw SCIMError.notFound("No schema \(urn)")
            }
            return SCIMResponse.make(schema.json(baseURL: baseURL))
        }
        registerResources(on: group, endpoint: "Users", type: SCIMCatalog.userResourceType)
        registerResources(on: group, endpoint: "Groups", type: SCIMCatalog.groupResourceType)
        group.post(".search") { request, context in
            let body = try await SCIMResponse.body(request, context: context)
            return SCIMResponse.make(try await search(body: body, directory: try directory(context)))
        }
    }

    private func registerResources(on group: RouterGroup<GatehouseRequestContext>, endpoint: String, type: SCIMResourceType) {
        let users = endpoint == "Users"
        group.get(RouterPath(endpoint)) { request, context in
            let query = try SCIMListQuery(queryItems: Self.queryItems(request), for: type, maximumCount: config.maxResults)
            let directory = try directory(context)
            return SCIMResponse.make(users ? try await directory.users(query) : try await directory.groups(query))
        }
        group.post(RouterPath("\(endpoint)/.search")) { request, context in
            let body = try await SCIMResponse.body(request, context: context)
            let query = try SCIMListQuery(searchRequest: body, for: type, maximumCount: config.maxResults)
            let directory = try directory(context)
            return SCIMResponse.make(users ? try await directory.users(query) : try await directory.groups(query))
        }
        group.post(RouterPath(endpoint)) { request, context in
            let body = try await SCIMResponse.body(request, context: context)
            let directory = try directory(context)
            let created = users ? try await directory.createUser(body: body) : try await directory.createGroup(body: body)
            return SCIMResponse.make(created, status: .created, withETag: true, location: true)
        }
        group.get(RouterPath("\(endpoint)/:id")) { request, context in
            let id = try context.path("id")
            let directory = try directory(context)
            let found = users ? try await directory.user(id: id) : try await directory.group(id: id)
            if let header = request.headers[.ifNoneMatch], let etag = SCIMMeta.etag(of: found), SCIMETag.ifNoneMatch(header, matches: etag) {
                return Response(status: .notModified, headers: [.eTag: etag.description])
            }
            let items = Self.queryItems(request)
            let projection = try SCIMAttributeProjection(
                attributes: items.first { $0.name.lowercased() == "attributes" }?.value,
                excludedAttributes: items.first { $0.name.lowercased() == "excludedattributes" }?.value)
            return SCIMResponse.make(projection.apply(to: found, as: type), withETag: true, etagOf: found)
        }
        group.put(RouterPath("\(endpoint)/:id")) { request, context in
            let body = try await SCIMResponse.body(request, context: context)
            let id = try context.path("id")
            let ifMatch = request.headers[.ifMatch]
            let directory = try directory(context)
            let replaced = users
                ? try await directory.replaceUser(id: id, body: body, ifMatch: ifMatch)
                : try await directory.replaceGroup(id: id, body: body, ifMatch: ifMatch)
            return SCIMResponse.make(replaced, withETag: true)
        }
        group.patch(RouterPath("\(endpoint)/:id")) { request, context in
            let patch = try SCIMPatchRequest(json: try await SCIMResponse.body(request, context: context))
            let id = try context.path("id")
            let ifMatch = request.headers[.ifMatch]
            let directory = try directory(context)
            let patched = users
                ? try await directory.patchUser(id: id, patch: patch, ifMatch: ifMatch)
                : try await directory.patchGroup(id: id, patch: patch, ifMatch: ifMatch)
            return SCIMResponse.make(patched, withETag: true)
        }
        group.delete(RouterPath("\(endpoint)/:id")) { request, context in
            let id = try context.path("id")
            let ifMatch = request.headers[.ifMatch]
            let directory = try directory(context)
            if users { try await directory.deleteUser(id: id, ifMatch: ifMatch) } else { try await directory.deleteGroup(id: id, ifMatch: ifMatch) }
            return Response(status: .noContent)
        }
    }

    /// `POST /.search` over both resource types: each takes the filter when its attributes make sense for it.
    private func search(body: JSONValue, directory: SCIMDirectory) async throws -> JSONValue {
        var userQuery: SCIMListQuery?
        var groupQuery: SCIMListQuery?
        var failure: SCIMError?
        do { userQuery = try SCIMListQuery(searchRequest: body, for: SCIMCatalog.userResourceType, maximumCount: config.maxResults) } catch {
            failure = error
        }
        do { groupQuery = try SCIMListQuery(searchRequest: body, for: SCIMCatalog.groupResourceType, maximumCount: config.maxResults) } catch {
            failure = failure ?? error
        }
        guard let page = userQuery ?? groupQuery else { throw failure ?? SCIMError.invalidSyntax("not a search request") }
        var resources: [JSONValue] = []
        if var query = userQuery {
            (query.startIndex, query.count) = (1, Int.max)
            resources += try await directory.users(query).scimMember("Resources")?.arrayValue ?? []
        }
        if var query = groupQuery {
            (query.startIndex, query.count) = (1, Int.max)
            resources += try await directory.groups(query).scimMember("Resources")?.arrayValue ?? []
        }
        return SCIMCatalog.listResponse(Array(page.page(of: resources)), totalResults: resources.count, startIndex: page.startIndex)
    }

    private func directory(_ context: GatehouseRequestContext) throws -> SCIMDirectory {
        SCIMDirectory(
            provisioning: provisioning, permissions: permissions, caller: try context.caller(), accountID: try context.requireAccount(),
            baseURL: baseURL)
    }

    static func queryItems(_ request: Request) -> [(name: String, value: String)] {
        QueryParameters(request.uri.query).items
    }
}
