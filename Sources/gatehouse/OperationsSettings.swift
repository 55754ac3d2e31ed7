import ArgumentParser
import GatehouseHTTP
import Logging

/// `serve`'s logging and metrics settings, read from the environment (flags stand for their variables).
struct OperationsSettings {
    /// nil: swift-log's plain text on standard output, as before structured logs existed.
    var logFormat: LogFormat?
    /// nil: no metrics are kept or served.
    var metricsPort: Int?

    init(_ env: [String: String]) throws {
        if let text = env["GATEHOUSE_LOG_FORMAT"], !text.isEmpty {
            guard let format = LogFormat(rawValue: text) else {
                throw ValidationError("The log format must be one of \(LogFormat.allCases.map(\.rawValue).joined(separator: ", ")), not '\(text)'")
            }
            logFormat = format
        }
        if let text = env["GATEHOUSE_METRICS_PORT"], !text.isEmpty {
            guard let port = Int(text), (1...65535).contains(port) else {
                throw ValidationError("The metrics port must be a port number (1–65535), not '\(text)'")
            }
            metricsPort = port
        }
    }

    /// The server's logger. A structured format is asked for to be read by machines, so it brings the
    /// per-request lines (level info) unless `level` says otherwise; plain text stays at notice.
    func logger(level: Logger.Level?) -> Logger {
        var logger: Logger
        if let logFormat {
            logger = Logger(label: "gatehouse") { label in StructuredLogHandler(label: label, format: logFormat) }
        } else {
            logger = Logger(label: "gatehouse")
        }
        logger.logLevel = level ?? (logFormat == nil ? .notice : .info)
        return logger
    }
}
