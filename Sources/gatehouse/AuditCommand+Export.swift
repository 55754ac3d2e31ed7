import ArgumentParser
import Foundation
import GatehouseCore

extension AuditCommand {
    /// The whole filtered log on stdout, written a page at a time as it is read (`AuditLog.export`), in the
    /// same lines as `GET …/audit/events?format=`.
    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write every matching event, newest first, to stdout as JSON lines or CSV.")
        @OptionGroup var dataDir: DataDirectoryOption
        @Option(help: "jsonl or csv (columns \(AuditExportFormat.csvColumns.joined(separator: ","))).")
        var format: String = AuditExportFormat.jsonl.rawValue
        @OptionGroup var filters: AuditFilterOptions

        func validate() throws {
            guard AuditExportFormat(rawValue: format) != nil else {
                throw ValidationError("--format must be one of \(AuditExportFormat.allCases.map(\.rawValue).joined(separator: ", ")), got \(format)")
            }
        }

        func run() async throws {
            let format = AuditExportFormat(rawValue: format) ?? .jsonl
            let services = try dataDir.openServices()
            let query = try await filters.query(services, dataDir: dataDir, limit: AuditLog.maxPage)
            let out = FileHandle.standardOutput
            out.write(Data(format.header.utf8))
            try await services.audit.export(query) { events in out.write(Data(format.lines(events).utf8)) }
        }
    }
}
