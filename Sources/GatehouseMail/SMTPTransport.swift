/// Delivers through an SMTP server (`GATEHOUSE_SMTP_URL`).
public struct SMTPTransport: MailTransport {
    public let client: SMTPClient

    public init(client: SMTPClient) {
        self.client = client
    }

    public func deliver(_ mail: EncodedMail) async throws {
        try await client.send(mail)
    }

    public var summary: String {
        let url = client.url
        let security = url.security == .implicitTLS ? "TLS" : "STARTTLS when offered"
        let auth = url.username == nil ? "" : ", signing in as \(url.username!)"
        return "SMTP server \(url.host):\(url.port) (\(security)\(auth))"
    }
}
