/// One record of RFC 4180 CSV: fields joined by commas, a field quoted when it holds a comma, a quote, a
/// carriage return or a line feed (its quotes doubled), ended by CRLF.
///
/// A field a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, a tab or a carriage
/// return) gets a leading `'`: the target of a failed sign-in is the email someone typed, so an export can
/// carry text an attacker chose. Ids, times, actions and types never start so, and keep their bytes.
public enum CSVRecord {
    public static func line(_ fields: [String]) -> String {
        fields.map(field).joined(separator: ",") + "\r\n"
    }

    static func field(_ value: String) -> String {
        var value = value
        if let first = value.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) { value = "'" + value }
        // Scalars, not Characters: "\r\n" is one Character equal to neither "\r" nor "\n".
        guard value.unicodeScalars.contains(where: { $0 == "," || $0 == "\"" || $0 == "\r" || $0 == "\n" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
