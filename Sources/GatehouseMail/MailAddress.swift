import Foundation

/// One mailbox: an address (`ann@example.com`) and an optional display name (`Ann Example`). Only plain
/// ASCII addresses without spaces, angle brackets or line breaks pass, so a value from a form can never
/// smuggle a header or an SMTP command into a message (no SMTPUTF8).
public struct MailAddress: Sendable, Hashable, CustomStringConvertible {
    public var name: String?
    public var address: String

    /// `address` must be an addr-spec such as `ann@example.com`.
    public init(address: String, name: String? = nil) throws(MailError) {
        guard MailAddress.isPlainAddress(address) else { throw MailError.invalidAddress(address) }
        self.address = address
        self.name = name.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// `Name <address>` or a bare `address`, as `GATEHOUSE_MAIL_FROM` is written.
    public init(parsing text: String) throws(MailError) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.hasSuffix(">"), let open = trimmed.lastIndex(of: "<") {
            var name = trimmed[..<open].trimmingCharacters(in: .whitespaces)
            if name.count >= 2, name.hasPrefix("\""), name.hasSuffix("\"") { name = String(name.dropFirst().dropLast()) }
            let address = String(trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)])
            try self.init(address: address, name: name)
        } else {
            try self.init(address: trimmed)
        }
    }

    /// The part after `@`, for the Message-ID and EHLO.
    public var domain: String { String(address[address.index(after: address.lastIndex(of: "@")!)...]) }

    /// As a header shows it: `"Name" <address>`, the name RFC 2047-encoded when it is not plain ASCII.
    public var headerValue: String {
        guard let name else { return address }
        return "\(HeaderText.phrase(name)) <\(address)>"
    }

    public var description: String { headerValue }

    static func isPlainAddress(_ text: String) -> Bool {
        guard text.utf8.count <= 254, let at = text.lastIndex(of: "@") else { return false }
        let local = text[..<at], domain = text[text.index(after: at)...]
        guard !local.isEmpty, local.utf8.count <= 64, !domain.isEmpty, !domain.hasPrefix("."), !domain.hasSuffix(".") else {
            return false
        }
        // Printable ASCII without the characters that end an address in a header or an SMTP path.
        return text.utf8.allSatisfy { byte in
            byte > 0x20 && byte < 0x7F && !"<>()[]\\,;:\"".utf8.contains(byte)
        } && !domain.contains("@")
    }
}
