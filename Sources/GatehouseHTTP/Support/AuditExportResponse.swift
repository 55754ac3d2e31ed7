import GatehouseCore
import Hummingbird

/// The whole filtered audit log as JSON lines or CSV, written to the client a page of events at a time as
/// `AuditLog.export` reads them, so an export of any size holds one page in memory. The filters were checked
/// before the answer began: once the status is sent, a failing read can only cut the body short.
enum AuditExportResponse {
    static func make(_ format: AuditExportFormat, query: AuditQuery, audit: AuditLog) -> Response {
        let body = ResponseBody { writer in
            if !format.header.isEmpty { try await writer.write(ByteBuffer(string: format.header)) }
            try await audit.export(query) { events in
                try await writer.write(ByteBuffer(string: format.lines(events)))
            }
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: [.contentType: contentType(format)], body: body)
    }

    static func contentType(_ format: AuditExportFormat) -> String {
        switch format {
        case .jsonl: "application/x-ndjson; charset=utf-8"
        case .csv: "text/csv; charset=utf-8"
        }
    }
}
