/// One record of RFC 4180 CSV: fields joined by commas, a field quoted when it holds a comma, a quote, a
/// carriage return or a line feed (its quotes doubled), ended by CRLF. Values are written as they are: a
/// spreadsheet-formula guard would change ids a script compares, and the exported columns are ids, times
/// and names Gatehouse chose or validated.
public enum CSVRecord {
    public static func line(_ fields: [String]) -> String {
        fields.map(field).joined(separator: ",") + "\r\n"
    }

    static func field(_ value: String) -> String {
        // Scalars, not Characters: "\r\n" is one Character equal to neither "\r" nor "\n".
        guard value.unicodeScalars.contains(where: { $0 == "," || $0 == "\"" || $0 == "\r" || $0 == "\n" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
