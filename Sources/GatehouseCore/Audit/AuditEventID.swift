import Foundation

/// An event's id: a UUID version 7 (RFC 9562) holding the event's time in milliseconds, then its sequence
/// where the version's random bits would be (the RFC's "dedicated counter", so none are random: the id is
/// unique in the installation as its sequence is). Ids sort in the log's order, and the store finds an event by id through its sequence, the table's own key,
/// so the log needs no index of ids: every index is one more write on each change recorded.
public enum AuditEventID {
    public static func make(time: Date, sequence: Int64) -> String {
        let millis = UInt64(max(0, AuditEvent.milliseconds(time)))
        let counter = UInt64(max(0, sequence)) & (1 << 62 - 1)
        var uuid: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &uuid) { bytes in
            for i in 0..<6 { bytes[i] = UInt8(truncatingIfNeeded: millis >> (40 - 8 * UInt64(i))) }
            bytes[6] = 0x70
            for i in 0..<8 { bytes[8 + i] = UInt8(truncatingIfNeeded: counter >> (56 - 8 * UInt64(i))) }
            bytes[8] = 0x80 | (bytes[8] & 0x3F)
        }
        return UUID(uuid: uuid).uuidString.lowercased()
    }

    /// The sequence an id of ours carries; nil for anything else.
    public static func sequence(of id: String) -> Int64? {
        guard id.utf8.count == 36, let uuid = UUID(uuidString: id) else { return nil }
        return withUnsafeBytes(of: uuid.uuid) { bytes -> Int64? in
            guard bytes[6] >> 4 == 7, bytes[8] >> 6 == 0b10 else { return nil }
            let counter = (0..<8).reduce(UInt64(0)) { $0 << 8 | UInt64(bytes[8 + $1]) } & (1 << 62 - 1)
            return counter > 0 ? Int64(counter) : nil
        }
    }
}
