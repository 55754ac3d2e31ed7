import Foundation
import GatehouseCore
import PostgresNIO

/// A value of the embedded store converted for a PostgreSQL column by the column's type (`udt_name`).
/// Only the representations the SQLite store writes are accepted; anything else stops the import naming
/// the table and column, rather than copying a value the PostgreSQL store would read differently.
enum PostgresImportValue {
    static func bind(_ cell: StoredCell, as type: String, into bindings: inout PostgresBindings, table: String, column: String) throws {
        func unexpected(_ detail: String) -> PostgresImportError {
            .unexpectedValue(table: table, column: column, type: type, detail: detail)
        }
        if case .null = cell {
            bindings.appendNull()
            return
        }
        switch (type, cell) {
        case ("text", .text(let text)), ("varchar", .text(let text)), ("bpchar", .text(let text)):
            try bindings.append(text)
        case ("int2", .integer(let value)), ("int4", .integer(let value)), ("int8", .integer(let value)):
            try bindings.append(value)
        case ("float4", .real(let value)), ("float8", .real(let value)):
            try bindings.append(value)
        case ("float4", .integer(let value)), ("float8", .integer(let value)):
            try bindings.append(Double(value))
        case ("bool", .integer(let value)):
            guard value == 0 || value == 1 else { throw unexpected("\(value) is not a boolean 0 or 1") }
            try bindings.append(value == 1)
        case ("timestamptz", .text(let text)):
            guard let date = storedDate(text) else { throw unexpected("\(text.debugDescription) is not a UTC time yyyy-MM-dd HH:mm:ss.SSS") }
            try bindings.append(date)
        case ("bytea", .blob(let bytes)):
            try bindings.append(ByteBuffer(bytes: bytes))
        case ("_text", .text(let json)):
            guard let list = try? JSONDecoder().decode([String].self, from: Data(json.utf8)) else {
                throw unexpected("\(json.prefix(80).debugDescription) is not a JSON array of strings")
            }
            try bindings.append(list)
        default:
            throw unexpected("the source holds \(cell.kind)")
        }
    }

    /// GRDB's date text, "yyyy-MM-dd HH:mm:ss.SSS" in UTC (also without the fraction, or with a "T").
    static func storedDate(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        guard bytes.count == 19 || bytes.count == 23, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
            bytes[10] == UInt8(ascii: " ") || bytes[10] == UInt8(ascii: "T"), bytes[13] == UInt8(ascii: ":"),
            bytes[16] == UInt8(ascii: ":")
        else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for index in range {
                let byte = bytes[index]
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            return value
        }
        var milliseconds = 0
        if bytes.count == 23 {
            guard bytes[19] == UInt8(ascii: "."), let fraction = number(20..<23) else { return nil }
            milliseconds = fraction
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10), let hour = number(11..<13),
            let minute = number(14..<16), let second = number(17..<19), (1...12).contains(month), (1...31).contains(day),
            hour < 24, minute < 60, second < 61
        else { return nil }
        // Days since 1970-01-01 in the proleptic Gregorian calendar (Howard Hinnant's days_from_civil).
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        let days = era * 146_097 + dayOfEra - 719_468
        let seconds = days * 86_400 + hour * 3_600 + minute * 60 + second
        return Date(timeIntervalSince1970: Double(seconds) + Double(milliseconds) / 1_000)
    }
}

extension StoredCell {
    /// The storage class, for messages.
    fileprivate var kind: String {
        switch self {
        case .null: return "NULL"
        case .integer(let value): return "the integer \(value)"
        case .real(let value): return "the real \(value)"
        case .text(let text): return "the text \(text.prefix(80).debugDescription)"
        case .blob(let bytes): return "a blob of \(bytes.count) bytes"
        }
    }
}
