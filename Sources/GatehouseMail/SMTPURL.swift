import Foundation

/// Where mail goes: `smtp://[user:pass@]host:port` (STARTTLS when the server offers it) or
/// `smtps://…` (TLS from the first byte), from `GATEHOUSE_SMTP_URL`.
public struct SMTPURL: Sendable, Hashable {
    public enum Security: Sendable, Hashable { case startTLSIfOffered, implicitTLS }

    public var host: String
    public var port: Int
    public var security: Security
    public var username: String?
    public var password: String?

    public init?(_ text: String) {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
              let host = components.host, !host.isEmpty
        else { return nil }
        switch scheme {
        case "smtp": security = .startTLSIfOffered
        case "smtps": security = .implicitTLS
        default: return nil
        }
        self.host = host
        port = components.port ?? (security == .implicitTLS ? 465 : 25)
        username = components.percentEncodedUser?.removingPercentEncoding
        password = components.percentEncodedPassword?.removingPercentEncoding
    }
}
