import Foundation
import Logging

/// How log lines are written: `logfmt` (`key=value` pairs) or one JSON object per line.
public enum LogFormat: String, Sendable, CaseIterable {
    case logfmt
    case json
}

/// A swift-log handler writing one structured line per entry: the time (UTC, milliseconds), level and
/// message first, then the metadata sorted by key (the request id among it on request paths), then the
/// logger's label. Handed to the server's `Logger` directly rather than bootstrapped process-wide.
///
/// Each line goes out in one `write` call, so lines written concurrently do not mix.
public struct StructuredLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .info
    public var metadataProvider: Logger.MetadataProvider?

    let label: String
    let format: LogFormat
    let sink: @Sendable (String) -> Void

    /// - Parameter sink: receives each line with its newline; standard error by default.
    public init(label: String, format: LogFormat, sink: @escaping @Sendable (String) -> Void = StructuredLogHandler.standardError) {
        self.label = label
        self.format = format
        self.sink = sink
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { _, new in new } }
        if let given = event.metadata { merged.merge(given) { _, new in new } }
        if let error = event.error { merged["error"] = .string("\(error)") }
        sink(Self.line(
            time: Date(), level: event.level, message: event.message.description, metadata: merged, label: label, format: format))
    }

    /// One line, newline included.
    static func line(time: Date, level: Logger.Level, message: String, metadata: Logger.Metadata, label: String, format: LogFormat) -> String {
        var fields: [(String, String)] = [
            ("time", time.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))), ("level", level.rawValue), ("msg", message),
        ]
        for key in metadata.keys.sorted() where key != "time" && key != "level" && key != "msg" && key != "logger" {
            fields.append((key, Self.text(metadata[key] ?? .string(""))))
        }
        fields.append(("logger", label))
        switch format {
        case .logfmt:
            return fields.map { "\(Self.logfmtKey($0.0))=\(Self.logfmtValue($0.1))" }.joined(separator: " ") + "\n"
        case .json:
            return "{" + fields.map { "\(Self.jsonString($0.0)):\(Self.jsonString($0.1))" }.joined(separator: ",") + "}\n"
        }
    }

    /// Nested metadata flattened to text: logfmt has no nesting, and one shape for both formats keeps
    /// readers simple.
    static func text(_ value: Logger.Metadata.Value) -> String {
        switch value {
        case .string(let s): s
        case .stringConvertible(let c): c.description
        case .array(let items): "[" + items.map(text).joined(separator: ",") + "]"
        case .dictionary(let d): "{" + d.keys.sorted().map { "\($0)=\(text(d[$0] ?? .string("")))" }.joined(separator: ",") + "}"
        }
    }

    /// Keys keep to `[A-Za-z0-9_.-]`; anything else becomes `_`.
    static func logfmtKey(_ key: String) -> String {
        let cleaned = String(key.unicodeScalars.map { s -> Character in
            s.isASCII && (s.properties.isAlphabetic || (48...57).contains(s.value) || "_.-".unicodeScalars.contains(s)) ? Character(s) : "_"
        })
        return cleaned.isEmpty ? "_" : cleaned
    }

    /// Bare when it is a plain token, else quoted with `"`, `\` and control characters escaped, so a
    /// value can never start a new line or a new pair.
    static func logfmtValue(_ value: String) -> String {
        let plain = !value.isEmpty && value.unicodeScalars.allSatisfy { $0.value > 0x20 && $0.value != 0x7F && $0 != "\"" && $0 != "=" && $0 != "\\" }
        return plain ? value : jsonString(value)
    }

    /// A JSON string literal (RFC 8259 escaping).
    static func jsonString(_ value: String) -> String {
        var out = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F || scalar.value == 0x2028 || scalar.value == 0x2029:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// Writes the line to standard error in one call.
    public static let standardError: @Sendable (String) -> Void = { line in
        FileHandle.standardError.write(Data(line.utf8))
    }
}
