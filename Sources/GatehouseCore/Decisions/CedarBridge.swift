import Cedar

/// Conversions from Gatehouse's domain values to the Cedar library's, kept in one place.
enum CedarBridge {
    static let namespace = "Cloudinary"

    static func json(_ value: JSONValue) -> Cedar.JSONValue {
        switch value {
        case .null: .null
        case .bool(let b): .bool(b)
        case .integer(let i): .number(String(i))
        case .number(let d): .number(d.rounded() == d && abs(d) < 9.0e15 ? String(Int64(d)) : String(d))
        case .string(let s): .string(s)
        case .array(let items): .array(items.map(json))
        case .object(let members): .object(members.sorted { $0.key < $1.key }.map { ($0.key, json($0.value)) })
        }
    }

    /// Strings, booleans, integers and sets directly (every check converts its resource's attributes);
    /// anything else, escapes like `__entity` included, the way the Cedar library reads JSON.
    static func value(_ value: JSONValue, field: String) throws -> Cedar.Value {
        switch value {
        case .bool(let b): return .bool(b)
        case .integer(let i): return .long(i)
        case .string(let s): return .string(s)
        case .array(let items): return .set(Set(try items.map { try self.value($0, field: field) }))
        case .null, .number, .object:
            do throws(EntitiesError) {
                return try CedarJSON.value(from: json(value))
            } catch {
                throw GatehouseError.invalidField(field: field, reason: "is not a Cedar value: \(error.description)")
            }
        }
    }

    static func record(_ members: [String: JSONValue], field: String) throws -> [String: Cedar.Value] {
        try members.mapValues { try value($0, field: field) }
    }

    /// The Cedar entity type standing for each kind of principal.
    static func entityType(of type: PrincipalType) -> String {
        switch type {
        case .user: "\(namespace)::User"
        case .group: "\(namespace)::Group"
        case .apiKey: "\(namespace)::APIKey"
        case .provisioningKey: "\(namespace)::ProvisioningKey"
        }
    }

    /// The entity types every check names, parsed once (`Name(qualified:)` splits the text each time).
    private static let knownTypes: [String: Name] = Dictionary(
        (PrincipalType.allCases.map { entityType(of: $0) }
            + ["Action", "Asset", "Folder", "Collection", "Feature", "Account"].map { "\(namespace)::\($0)" }
        ).map { ($0, Name(qualified: $0)) },
        uniquingKeysWith: { first, _ in first })

    static func name(_ qualified: String) -> Name { knownTypes[qualified] ?? Name(qualified: qualified) }

    private static let actionType = name("\(namespace)::Action")

    /// Whether a type or UID text names its namespace (`Cloudinary::Folder`); a byte scan, as every check
    /// asks it of its action and resource type.
    static func isQualified(_ text: String) -> Bool {
        var previousWasColon = false
        for byte in text.utf8 {
            if byte == UInt8(ascii: ":") {
                if previousWasColon { return true }
                previousWasColon = true
            } else {
                previousWasColon = false
            }
        }
        return false
    }

    static func uid(_ principal: Principal) -> EntityUID { EntityUID(type: name(entityType(of: principal.type)), id: principal.id) }

    /// `read` → `Cloudinary::Action::"read"`; a qualified UID text is parsed as given.
    static func action(_ raw: String) throws -> EntityUID {
        if isQualified(raw) {
            guard let quote = raw.firstIndex(of: "\""), raw.hasSuffix("\""), raw[..<quote].hasSuffix("::") else {
                throw GatehouseError.invalidField(field: "action", reason: "must be an action id like read or Cloudinary::Action::\"read\"")
            }
            let type = String(raw[..<quote].dropLast(2))
            let id = String(raw[raw.index(after: quote)..<raw.index(before: raw.endIndex)])
            return EntityUID(type: name(type), id: id)
        }
        guard !raw.isEmpty else { throw GatehouseError.invalidField(field: "action", reason: "is required") }
        return EntityUID(type: actionType, id: raw)
    }

    /// Whether a policy's resource is a Console feature (`Cloudinary::Feature`), which API keys never use.
    static func targetsFeature(_ policy: Policy) -> Bool {
        switch policy.resource {
        case .eq(.entity(let uid)), .in(.entity(let uid)): uid.type.qualified == "\(namespace)::Feature"
        case .is(let type), .isIn(let type, _): type.qualified == "\(namespace)::Feature"
        default: false
        }
    }
}
