import Foundation
import GatehouseCore
import Hummingbird

/// `/v2/accounts/permissions/public/…`: catalog, schema and statement validation, with no credentials
/// checked (the new SDK still sends a Basic header, which is ignored).
struct PublicPermissionsRoutes {
    let catalog: Catalog
    let schema: CloudinarySchema
    let checker: StatementChecker

    struct CatalogBody: Encodable { var catalog: JSONValue }
    struct SchemaBody: Encodable { var schema: JSONValue }
    struct ValidationBody: Encodable {
        struct Problem: Encodable {
            var cedar_message: String
            var cedar_code: String
            var kind: String
            var line: Int?
            var column: Int?
        }
        var valid: Bool
        var errors: [Problem]
    }

    func register(on group: RouterGroup<GatehouseRequestContext>) {
        group.get("catalog") { _, _ in try JSONResponse.make(CatalogBody(catalog: catalog.document)) }
        group.get("schema") { _, _ in try JSONResponse.make(SchemaBody(schema: schema.document)) }
        group.post("validate") { request, context in
            let body = try await WireBody.read(request, context: context)
            guard let statement = try body.string("policy") ?? body.string("policy_statement") else {
                throw GatehouseError.invalidField(field: "policy", reason: "is required (the Cedar policy text)")
            }
            let problems = try await checker.problems(in: statement)
            return try JSONResponse.make(ValidationBody(
                valid: problems.isEmpty,
                errors: problems.map {
                    .init(cedar_message: $0.located, cedar_code: "ACCOUNTS_00002", kind: $0.code, line: $0.line, column: $0.column)
                }))
        }
    }
}
