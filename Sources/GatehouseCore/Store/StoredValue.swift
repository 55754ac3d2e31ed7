/// Enum-valued columns read back: a value this version does not know (a row written by another version, or
/// damaged) fails as `GatehouseError.corruptData` naming the table, column and value, instead of turning into
/// a default that could grant or hide something. Clients see a plain 500; the message is for the server log.
public enum StoredValue {
    public static func parse<T: RawRepresentable>(_ raw: String, table: String, column: String) throws -> T where T.RawValue == String {
        guard let value = T(rawValue: raw) else { throw corrupt(table: table, column: column, value: raw) }
        return value
    }

    public static func parse<T: RawRepresentable>(_ raws: [String], table: String, column: String) throws -> [T] where T.RawValue == String {
        try raws.map { try parse($0, table: table, column: column) }
    }

    public static func corrupt(table: String, column: String, value: String?) -> GatehouseError {
        .corruptData("\(table).\(column) holds \(value.map(\.debugDescription) ?? "NULL"), which this version does not know")
    }
}
