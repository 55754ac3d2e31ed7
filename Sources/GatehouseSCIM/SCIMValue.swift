import GatehouseCore

/// A SCIM resource or attribute value.
///
/// SCIM resources are plain JSON, so Core's `JSONValue` (exact integers, strict parsing) is reused rather than
/// a third JSON type; what SCIM adds is that attribute names are case-insensitive (RFC 7643 §2.1), which the
/// lookups below honour.
public typealias SCIMValue = JSONValue

extension JSONValue {
    /// The key of this object's member named `name`, compared case-insensitively; an exact match wins when a
    /// client sent two spellings.
    public func scimKey(_ name: String) -> String? {
        guard case .object(let members) = self else { return nil }
        if members[name] != nil { return name }
        let folded = name.lowercased()
        return members.keys.sorted().first { $0.lowercased() == folded }
    }

    /// This object's member named `name` (case-insensitively), or nil.
    public func scimMember(_ name: String) -> JSONValue? {
        guard case .object(let members) = self, let key = scimKey(name) else { return nil }
        return members[key]
    }

    /// Sets the member named `name`, dropping any other spelling of it so that one attribute is never held twice.
    /// Setting `.null` removes the member: RFC 7643 §2.5 treats null and unassigned as the same state.
    public mutating func setSCIMMember(_ name: String, to value: JSONValue) {
        guard case .object(var members) = self else { return }
        let folded = name.lowercased()
        for key in members.keys where key.lowercased() == folded { members[key] = nil }
        if value != .null { members[name] = value }
        self = .object(members)
    }

    /// Removes every spelling of the member named `name`.
    public mutating func removeSCIMMember(_ name: String) {
        setSCIMMember(name, to: .null)
    }

    /// Whether the value counts as present for `pr` (RFC 7644 §3.4.2.2): not null, not an empty string, array
    /// or object.
    public var isSCIMPresent: Bool {
        switch self {
        case .null: false
        case .string(let s): !s.isEmpty
        case .array(let items): items.contains { $0.isSCIMPresent }
        case .object(let members): members.values.contains { $0.isSCIMPresent }
        default: true
        }
    }
}
