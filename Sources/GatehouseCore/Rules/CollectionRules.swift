/// What makes a collection name acceptable, in one place: the general name rules (trimmed, not empty, at
/// most 255 characters) and no control characters, which no client could show or type back. Names are
/// unique per product environment, case-insensitively (the store's unique index has the last word).
public enum CollectionRules {
    /// Validates a client-supplied name and returns it trimmed. `field` names the wire field in errors.
    public static func validate(name raw: String, field: String = "name") throws(GatehouseError) -> String {
        let name = try FieldRules.name(raw, field: field)
        if name.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            throw .invalidField(field: field, reason: "must not contain control characters")
        }
        return name
    }

    /// The form names are compared in for uniqueness.
    public static func key(_ name: String) -> String { name.lowercased() }
}
