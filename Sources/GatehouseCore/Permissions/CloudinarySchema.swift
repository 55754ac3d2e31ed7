import Cedar
import Foundation

/// The Cloudinary Cedar vocabulary (entity types and actions), bundled as a Cedar JSON schema. It is served
/// as is by `public/schema` and is what custom policy statements are validated against.
public struct CloudinarySchema: Sendable {
    /// The Cedar JSON schema document, as served.
    public let document: JSONValue
    /// The same schema, parsed by the Cedar library for validation.
    public let schema: Schema

    public static func bundled() throws -> CloudinarySchema {
        guard let url = Bundle.module.url(forResource: "cloudinary.cedarschema", withExtension: "json") else {
            throw Catalog.LoadError.missingResource
        }
        return try CloudinarySchema(data: Data(contentsOf: url))
    }

    public init(data: Data) throws {
        document = try JSONValue(parsing: Array(data))
        schema = try Schema(jsonData: data)
    }
}
