import GatehouseCore

/// One operation of a PatchOp request.
public struct SCIMPatchOperation: Sendable, Hashable {
    /// The operation; parsed case-insensitively because Entra ID writes `Replace`, `Add`, `Remove`.
    public enum Op: String, Sendable, Hashable {
        case add, replace, remove
    }

    public var op: Op
    /// The target; nil means the value's members name the attributes (RFC 7644 §3.5.2.1, §3.5.2.3).
    public var path: SCIMPatchPath?
    /// The value as sent; nil when the request has none (allowed only for `remove`).
    public var value: JSONValue?

    public init(op: Op, path: SCIMPatchPath? = nil, value: JSONValue? = nil) {
        self.op = op
        self.path = path
        self.value = value
    }

    /// Reads one member of `Operations`; `index` (0-based) only names it in errors.
    public init(json: JSONValue, index: Int) throws(SCIMError) {
        guard case .object = json else { throw .invalidSyntax("Operations[\(index)] is not an object") }
        guard case .string(let name)? = json.scimMember("op") else {
            throw .invalidSyntax("Operations[\(index)] has no \"op\" string")
        }
        guard let op = Op(rawValue: name.lowercased()) else {
            throw .invalidSyntax("Operations[\(index)].op '\(name)' is not add, replace or remove")
        }
        self.op = op
        switch json.scimMember("path") {
        case nil, .null?: path = nil
        case .string(let text)?:
            let trimmed = text.trimmingSCIMSpaces
            path = trimmed.isEmpty ? nil : try SCIMPatchPath(parsing: trimmed)
        default: throw .invalidPath("Operations[\(index)].path is not a string")
        }
        value = json.scimMember("value")
        if op != .remove, value == nil {
            throw .invalidSyntax("Operations[\(index)] (\(op.rawValue)) has no value")
        }
        if op == .remove, path == nil {
            throw .noTarget("Operations[\(index)] (remove) has no path: say which attribute to remove")
        }
    }
}

extension String {
    var trimmingSCIMSpaces: String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
