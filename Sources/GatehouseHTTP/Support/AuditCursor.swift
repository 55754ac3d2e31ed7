import Foundation
import GatehouseCore

/// The `cursor` of an audit events page: opaque to clients, it holds the sequence of the last event sent,
/// so the next page starts strictly older than it and events recorded meanwhile never shift it.
enum AuditCursor {
    private static let prefix = "audit-seq:"

    static func make(after event: AuditEvent) -> String {
        Data((prefix + String(event.sequence)).utf8).base64EncodedString()
    }

    /// The sequence to read before; a cursor this server did not issue is a 400 naming `cursor`.
    static func sequence(_ cursor: String) throws(GatehouseError) -> Int64 {
        guard let data = Data(base64Encoded: cursor), let text = String(data: data, encoding: .utf8), text.hasPrefix(prefix),
              let sequence = Int64(text.dropFirst(prefix.count)), sequence > 0
        else { throw .invalidField(field: "cursor", reason: "is not a cursor this server issued") }
        return sequence
    }
}
