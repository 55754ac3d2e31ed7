import Foundation
import GatehouseCore

/// The `meta` attribute (RFC 7643 §3.1). `version` is a digest of the resource itself, so it changes with
/// every change whichever door made it, and the ETag needs no counter of its own.
public enum SCIMMeta {
    public static func stamp(_ resource: JSONValue, type: String, location: String, created: Date, lastModified: Date) -> JSONValue {
        var resource = resource
        resource.removeSCIMMember("meta")
        let version = SCIMETag(String(SecretToken.hash(canonicalText(resource)).prefix(20)))
        resource.setSCIMMember("meta", to: .object([
            "resourceType": .string(type), "created": .string(SCIMDateTime.text(created)),
            "lastModified": .string(SCIMDateTime.text(lastModified)), "location": .string(location),
            "version": .string(version.description),
        ]))
        return resource
    }

    /// The resource's ETag as stamped in `meta.version`.
    public static func etag(of resource: JSONValue) -> SCIMETag? {
        guard let text = resource.scimMember("meta")?.scimMember("version")?.stringValue,
              text.hasPrefix("W/\""), text.hasSuffix("\""), text.count >= 4
        else { return nil }
        return SCIMETag(String(text.dropFirst(3).dropLast()))
    }

    static func canonicalText(_ value: JSONValue) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? ""
    }
}
