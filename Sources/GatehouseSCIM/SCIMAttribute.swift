import GatehouseCore

/// One attribute definition of a SCIM schema (RFC 7643 §7), used both to publish `/Schemas` and to decide how
/// filters compare (type, `caseExact`) and what PATCH may write (mutability, booleans, multi-valued).
public struct SCIMAttribute: Sendable, Hashable {
    /// RFC 7643 §2.3 data types.
    public enum DataType: String, Sendable, Hashable {
        case string, boolean, decimal, integer, dateTime, reference, complex, binary
    }

    /// RFC 7643 §7 `mutability`.
    public enum Mutability: String, Sendable, Hashable {
        case readOnly, readWrite, immutable, writeOnly
    }

    /// RFC 7643 §7 `returned`.
    public enum Returned: String, Sendable, Hashable {
        case always, never, `default`, request
    }

    /// RFC 7643 §7 `uniqueness`.
    public enum Uniqueness: String, Sendable, Hashable {
        case none, server, global
    }

    public var name: String
    public var type: DataType
    public var multiValued: Bool
    public var description: String
    public var required: Bool
    public var caseExact: Bool
    public var mutability: Mutability
    public var returned: Returned
    public var uniqueness: Uniqueness
    public var canonicalValues: [String]
    public var referenceTypes: [String]
    public var subAttributes: [SCIMAttribute]

    public init(
        _ name: String, type: DataType = .string, multiValued: Bool = false, description: String = "",
        required: Bool = false, caseExact: Bool = false, mutability: Mutability = .readWrite,
        returned: Returned = .default, uniqueness: Uniqueness = .none, canonicalValues: [String] = [],
        referenceTypes: [String] = [], subAttributes: [SCIMAttribute] = []
    ) {
        self.name = name
        self.type = type
        self.multiValued = multiValued
        self.description = description
        self.required = required
        self.caseExact = caseExact
        self.mutability = mutability
        self.returned = returned
        self.uniqueness = uniqueness
        self.canonicalValues = canonicalValues
        self.referenceTypes = referenceTypes
        self.subAttributes = subAttributes
    }

    /// The sub-attribute named `name`, case-insensitively.
    public func subAttribute(_ name: String) -> SCIMAttribute? {
        let folded = name.lowercased()
        return subAttributes.first { $0.name.lowercased() == folded }
    }

    /// Whether strings of this attribute compare as written (identifiers, references) or case-folded.
    var comparesExactly: Bool { caseExact || type == .reference || type == .binary }

    /// The attribute as `/Schemas` publishes it.
    public var json: JSONValue {
        var o: [String: JSONValue] = [
            "name": .string(name),
            "type": .string(type.rawValue),
            "multiValued": .bool(multiValued),
            "description": .string(description),
            "required": .bool(required),
            "mutability": .string(mutability.rawValue),
            "returned": .string(returned.rawValue),
        ]
        if type != .complex && type != .boolean {
            o["caseExact"] = .bool(caseExact)
            o["uniqueness"] = .string(uniqueness.rawValue)
        }
        if !canonicalValues.isEmpty { o["canonicalValues"] = .array(canonicalValues.map { .string($0) }) }
        if type == .reference { o["referenceTypes"] = .array(referenceTypes.map { .string($0) }) }
        if type == .complex { o["subAttributes"] = .array(subAttributes.map(\.json)) }
        return .object(o)
    }
}
