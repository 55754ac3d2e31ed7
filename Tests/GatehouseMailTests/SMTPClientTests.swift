import Foundation
import GatehouseCore
@testable import GatehouseMail
import GatehouseTestSupport
import NIOCore
import NIOSSL
import Testing

@Suite struct SMTPClientTests {
    let mail = try! MessageEncoder(from: MailAddress(parsing: "Gatehouse <gatehouse@example.org>")).encode(
        OutgoingMail(to: "ann@example.com", subject: "Hi", text: "https://x.example/a\n.\nbye"), id: "7", date: Date())

    /// Trusts only the fake server's certificate.
    var trustingTheFakeServer: TLSConfiguration {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.trustRoots = .certificates([try! NIOSSLCertificate(bytes: Array(TestCertificate.certificatePEM.utf8), format: .pem)])
        return tls
    }

    @Test func upgradesWithSTARTTLSThenSignsInAndSends() async throws {
        let server = try await FakeSMTPServer(mode: .startTLS)
        let url = try #require(SMTPURL("smtp://mailer:s3cret@localhost:\(server.port)"))
        try await SMTPClient(url: url, tlsConfiguration: trustingTheFakeServer).send(mail)
        let lines = server.lines
        try await server.stop()
        let commands = lines.filter { !$0.text.isEmpty }.map { String($0.text.prefix(10)) }
        #expect(commands.prefix(4) == ["EHLO examp", "STARTTLS", "EHLO examp", "AUTH PLAIN"])
        // Everything after STARTTLS, the credentials first of all, went over TLS.
        #expect(lines.drop { $0.text != "STARTTLS" }.dropFirst().allSatisfy { $0.overTLS })
        let auth = try #require(lines.first { $0.text.hasPrefix("AUTH PLAIN ") })
        #expect(Data(base64Encoded: String(auth.text.dropFirst(11))) == Data("\0mailer\0s3cret".utf8))
        #expect(lines.contains { $0.text == "MAIL FROM:<gatehouse@example.org>" })
        #expect(lines.contains { $0.text == "RCPT TO:<ann@example.com>" })
        #expect(lines.contains { $0.text == ".." })  // the body's "." line, dot-stuffed
        #expect(lines.last?.text == "QUIT")
    }

    @Test func speaksTLSFromTheFirstByteForSMTPS() async throws {
        let server = try await FakeSMTPServer(mode: .implicitTLS)
        let url = try #require(SMTPURL("smtps://localhost:\(server.port)"))
        try await SMTPClient(url: url, tlsConfiguration: trustingTheFakeServer).send(mail)
        let lines = server.lines
        try await server.stop()
        #expect(lines.first?.text.hasPrefix("EHLO") == true && lines.allSatisfy { $0.overTLS })
        #expect(!lines.contains { $0.text.hasPrefix("AUTH") })  // no credentials in the URL
    }

    @Test func refusesAnUntrustedCertificateWithATLSError() async throws {
        let server = try await FakeSMTPServer(mode: .startTLS)
        let url = try #require(SMTPURL("smtp://localhost:\(server.port)"))
        let error = await #expect(throws: SMTPError.self) { try await SMTPClient(url: url).send(mail) }
        let mailFrom = server.lines.contains { $0.text.hasPrefix("MAIL FROM") }
        try await server.stop()
        #expect(error?.kind == .tls, "\(String(describing: error))")
        #expect(!mailFrom)  // no fallback to clear text
    }

    @Test func givesUpOnASilentServerWithATimeout() async throws {
        let server = try await FakeSMTPServer(mode: .silent)
        let url = try #require(SMTPURL("smtp://127.0.0.1:\(server.port)"))
        let client = SMTPClient(url: url, timeouts: .init(connect: .seconds(2), command: .milliseconds(300), data: .seconds(1)))
        let error = await #expect(throws: SMTPError.self) { try await client.send(mail) }
        try await server.stop()
        #expect(error?.kind == .timeout && error?.step == "greeting")
        #expect(error?.description.contains("no answer to greeting") == true)
    }

    @Test func namesARefusedConnection() async throws {
        let refusing = try RefusingPort()
        let error = await #expect(throws: SMTPError.self) {
            try await SMTPClient(url: SMTPURL("smtp://127.0.0.1:\(refusing.port)")!).send(mail)
        }
        withExtendedLifetime(refusing) {}
        #expect(error?.kind == .connect)
        #expect(error?.description.contains("refused") == true)
    }

    @Test func sendsCredentialsInClearOnlyToThisMachine() {
        #expect(SMTPClient(url: SMTPURL("smtp://u:p@localhost")!).mayAuthenticateInClear)
        #expect(SMTPClient(url: SMTPURL("smtp://u:p@127.0.0.1:2525")!).mayAuthenticateInClear)
        #expect(!SMTPClient(url: SMTPURL("smtp://u:p@mail.example.com")!).mayAuthenticateInClear)
    }
}
