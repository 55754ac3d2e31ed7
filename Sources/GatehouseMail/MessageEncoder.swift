import Foundation
import GatehouseCore

/// Turns an `OutgoingMail` into an RFC 5322 message: Date, From, To, Subject (RFC 2047 when not ASCII),
/// Message-ID, MIME-Version and a multipart/alternative body with a text/plain and a text/html part, both
/// UTF-8 and quoted-printable, so every line is 7-bit and at most 76 characters.
public struct MessageEncoder: Sendable {
    public var from: MailAddress

    public init(from: MailAddress) {
        self.from = from
    }

    /// `id` names the message in the queue; `date` is when it was queued. The Message-ID derives from both,
    /// so a message sent again after a crash carries the same Message-ID and clients can drop the copy.
    public func encode(_ mail: OutgoingMail, id: String, date: Date) throws(MailError) -> EncodedMail {
        let to = try MailAddress(address: mail.to.trimmingCharacters(in: .whitespaces))
        let messageID = "\(id).\(Int64(date.timeIntervalSince1970 * 1000))@\(from.domain)"
        // `=_` never occurs in quoted-printable text, so no body line can look like the boundary.
        let boundary = "=_gatehouse_\(IdentifierGenerator().hex(32))"
        var lines = [
            "Date: \(Self.rfc5322Date(date))",
            "From: \(from.headerValue)",
            "To: \(to.headerValue)",
            "Subject: \(HeaderText.unstructured(mail.subject, header: "Subject"))",
            "Message-ID: <\(messageID)>",
            "MIME-Version: 1.0",
            "Content-Type: multipart/alternative;\r\n boundary=\"\(boundary)\"",
            "",
            "This is a message in MIME format.",
        ]
        for (type, body) in [("text/plain", mail.text), ("text/html", MailHTML.render(subject: mail.subject, text: mail.text))] {
            lines += [
                "--\(boundary)",
                "Content-Type: \(type); charset=utf-8",
                "Content-Transfer-Encoding: quoted-printable",
                "",
                QuotedPrintable.encode(body),
            ]
        }
        lines.append("--\(boundary)--")
        return EncodedMail(
            id: id, messageID: messageID, from: from, recipients: [to], data: lines.joined(separator: "\r\n") + "\r\n",
            link: Self.firstLink(in: mail.text))
    }

    /// `Tue, 01 Dec 2026 09:05:00 +0000`, always in UTC and in English whatever the locale.
    static func rfc5322Date(_ date: Date) -> String {
        UTCTime(date).rfc5322
    }

    private static let linkEnds = Set("<>\"')]".utf8)

    /// The first `http://` or `https://` URL in the text, up to white space or a closing bracket.
    public static func firstLink(in text: String) -> String? {
        let bytes = text.utf8
        var i = bytes.startIndex
        while let h = bytes[i...].firstIndex(of: UInt8(ascii: "h")) {
            let rest = bytes[h...]
            if rest.starts(with: "https://".utf8) || rest.starts(with: "http://".utf8) {
                let end = rest.firstIndex { $0 <= 0x20 || linkEnds.contains($0) } ?? bytes.endIndex
                return String(text[h..<end])
            }
            i = bytes.index(after: h)
        }
        return nil
    }
}
