import Foundation
import GatehouseCore
import Hummingbird
import NIOCore

/// A JSON request body read field by field, so each error names the wire field. Unknown fields are
/// ignored, as Cloudinary does. Booleans may arrive as JSON booleans or, from the legacy SDK, as
/// the strings "true"/"false".
struct WireBody {
    let fields: [String: JSONValue]

    init(fields: [String: JSONValue]) { self.fields = fields }

    /// Reads the body; an empty body is an empty object (the new SDK sends none on some calls).
    static func read(_ request: Request, context: GatehouseRequestContext) async throws -> WireBody {
        let bytes = try await collect(request, context: context).readableBytesView
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) { return WireBody(fields: [:]) }
        let value: JSONValue
        do {
            value = try JSONValue(parsing: Array(bytes))
        } catch let error as JSONValue.NonFiniteNumber {
            throw APIError.badRequest("Request body has a number out of range (\(error.text)): numbers must be finite")
        } catch {
            throw APIError.badRequest("Request body is not valid JSON: \(error)")
        }
        guard case .object(let object) = value else { throw APIError.badRequest("Request body must be a JSON object") }
        return WireBody(fields: object)
    }

    /// The whole body, up to the upload limit (413 beyond it); a body that ends early (the client closed
    /// its side before sending the length it announced) is a 400.
    static func collect(_ request: Request, context: GatehouseRequestContext) async throws -> ByteBuffer {
        var request = request
        do {
            return try await request.collectBody(upTo: context.maxUploadSize)
        } catch is NIOTooManyBytesError {
            throw APIError.payloadTooLarge
        } catch {
            throw APIError.incompleteBody
        }
    }

    func has(_ key: String) -> Bool {
        if let value = fields[key], value != .null { return true }
        return false
    }

    func string(_ key: String) throws -> String? {
        switch fields[key] {
        case nil, .null?: return nil
        case .string(let s)?: return s
        default: throw GatehouseError.invalidField(field: key, reason: "must be a string")
        }
    }

    func requiredString(_ key: String) throws -> String {
        guard let value = try string(key) else { throw GatehouseError.invalidField(field: key, reason: "is required") }
        return value
    }

    func bool(_ key: String) throws -> Bool? {
        switch fields[key] {
        case nil, .null?: return nil
        case .bool(let b)?: return b
        case .string(let s)? where s.lowercased() == "true": return true
        case .string(let s)? where s.lowercased() == "false": return false
        default: throw GatehouseError.invalidField(field: key, reason: "must be a boolean")
        }
    }

    /// A list of strings; the legacy CLI may also send one comma-separated string.
    func stringList(_ key: String) throws -> [String]? {
        switch fields[key] {
        case nil, .null?: return nil
        case .array(let items)?:
            return try items.map {
                guard case .string(let s) = $0 else { throw GatehouseError.invalidField(field: key, reason: "must be a list of strings") }
                return s
            }
        case .string(let s)?:
            return s.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        default: throw GatehouseError.invalidField(field: key, reason: "must be a list of strings")
        }
    }

    /// Free-form objects are stored and echoed back; deeper nesting than this breaks common JSON clients.
    static let maxObjectDepth = 16

    func object(_ key: String) throws -> [String: JSONValue]? {
        switch fields[key] {
        case nil, .null?: return nil
        case .object(let o)?:
            guard JSONValue.object(o).depth <= Self.maxObjectDepth else {
                throw GatehouseError.invalidField(field: key, reason: "nests deeper than \(Self.maxObjectDepth) levels")
            }
            return o
        default: throw GatehouseError.invalidField(field: key, reason: "must be an object")
        }
    }

    func enumValue<T: RawRepresentable & CaseIterable>(_ key: String, _: T.Type) throws -> T? where T.RawValue == String {
        guard let raw = try string(key) else { return nil }
        guard let value = T(rawValue: raw) else {
            throw GatehouseError.invalidField(
                field: key, reason: "must be one of \(T.allCases.map(\.rawValue).joined(separator: ", ")), got \(raw)")
        }
        return value
    }
}
