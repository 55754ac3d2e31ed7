import Foundation
import NIOCore
import NIOPosix
import NIOSSL
import Synchronization

/// A small SMTP client (RFC 5321) on SwiftNIO: one connection per message. EHLO (HELO when refused),
/// STARTTLS when the server offers it on `smtp://`, TLS from the first byte on `smtps://`, AUTH PLAIN or
/// LOGIN when the URL has credentials, then MAIL FROM, RCPT TO, DATA (dot-stuffed) and QUIT. Every step
/// has a deadline, and every failure is an `SMTPError` naming the step and the server's answer.
public struct SMTPClient: Sendable {
    public struct Timeouts: Sendable {
        public var connect: TimeAmount
        /// For each command's reply (RFC 5321 suggests minutes; a stuck server only delays the queue).
        public var command: TimeAmount
        /// For the reply after the message body, when the server may be scanning it.
        public var data: TimeAmount

        public init(connect: TimeAmount = .seconds(10), command: TimeAmount = .seconds(30), data: TimeAmount = .seconds(90)) {
            self.connect = connect
            self.command = command
            self.data = data
        }
    }

    public var url: SMTPURL
    public var timeouts: Timeouts
    public var tlsConfiguration: TLSConfiguration
    private let group: any EventLoopGroup

    public init(
        url: SMTPURL, timeouts: Timeouts = .init(), tlsConfiguration: TLSConfiguration = .makeClientConfiguration(),
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) {
        self.url = url
        self.timeouts = timeouts
        self.tlsConfiguration = tlsConfiguration
        self.group = group
    }

    private var server: String { url.host.contains(":") ? "[\(url.host)]:\(url.port)" : "\(url.host):\(url.port)" }

    /// Sends one message; returns once the server has accepted it (250 after the body).
    public func send(_ mail: EncodedMail) async throws {
        let tls = try url.security == .implicitTLS ? makeTLSContext() : nil
        let channel: NIOAsyncChannel<SMTPReply, ByteBuffer>
        let tlsFailure = TLSFailure()
        do {
            channel = try await ClientBootstrap(group: group)
                .connectTimeout(timeouts.connect)
                .connect(host: url.host, port: url.port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        if let tls {
                            try channel.pipeline.syncOperations.addHandler(try makeTLSHandler(tls))
                            try channel.pipeline.syncOperations.addHandler(TLSFailureCatcher(tlsFailure))
                        }
                        try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(SMTPReplyDecoder()))
                        return try NIOAsyncChannel<SMTPReply, ByteBuffer>(wrappingChannelSynchronously: channel)
                    }
                }
        } catch {
            throw SMTPError(kind: .connect, server: server, step: "connect", code: nil, detail: Self.describeConnectFailure(error))
        }
        try await channel.executeThenClose { inbound, outbound in
            var talk = SMTPConversation(
                channel: channel.channel, replies: inbound.makeAsyncIterator(), outbound: outbound, server: server,
                tlsFailure: tlsFailure)
            try await talk.run(mail: mail, client: self)
        }
    }

    func makeTLSContext() throws -> NIOSSLContext {
        do {
            return try NIOSSLContext(configuration: tlsConfiguration)
        } catch {
            throw SMTPError(kind: .tls, server: server, step: "TLS setup", code: nil, detail: "\(error)")
        }
    }

    func makeTLSHandler(_ context: NIOSSLContext) throws -> NIOSSLClientHandler {
        do {
            // SNI takes names only; for an IP address the certificate is checked against the address.
            let isAddress = (try? SocketAddress(ipAddress: url.host, port: 0)) != nil
            return try NIOSSLClientHandler(context: context, serverHostname: isAddress ? nil : url.host)
        } catch {
            throw SMTPError(kind: .tls, server: server, step: "TLS setup", code: nil, detail: "\(error)")
        }
    }

    /// "Connection refused (errno: 111)" rather than NIO's whole error value.
    static func describeConnectFailure(_ error: any Error) -> String {
        if let error = error as? NIOConnectionError {
            let reasons = error.connectionErrors.map { failure in
                (failure.error as? IOError).map { String(cString: strerror($0.errnoCode)) } ?? "\(failure.error)"
            }
            if reasons.isEmpty { return "the host name does not resolve (\(error.host))" }
            return Array(Set(reasons)).sorted().joined(separator: "; ")
        }
        if case ChannelError.connectTimeout(let amount) = error {
            return "no connection within \(amount.nanoseconds / 1_000_000_000) s"
        }
        return "\(error)"
    }

    /// Credentials go over TLS only, except to this machine itself (a local relay, or tests).
    var mayAuthenticateInClear: Bool {
        let host = url.host.lowercased()
        return host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }
}

/// One SMTP session on a connected channel.
private struct SMTPConversation {
    let channel: any Channel
    var replies: NIOAsyncChannelInboundStream<SMTPReply>.AsyncIterator
    let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
    let server: String
    let tlsFailure: TLSFailure

    mutating func run(mail: EncodedMail, client: SMTPClient) async throws {
        let timeouts = client.timeouts
        _ = try await exchange(nil, step: "greeting", expect: [220], timeout: timeouts.command)
        let heloName = mail.from.domain
        var extensions = try await hello(heloName, timeout: timeouts.command)
        var secure = client.url.security == .implicitTLS
        if !secure, extensions.keys.contains("STARTTLS") {
            _ = try await exchange("STARTTLS", step: "STARTTLS", expect: [220], timeout: timeouts.command)
            let context = try client.makeTLSContext()
            let (channel, failure) = (channel, tlsFailure)
            // Handlers are not Sendable: made and added on the channel's own event loop.
            try await channel.eventLoop.submit {
                try channel.pipeline.syncOperations.addHandler(TLSFailureCatcher(failure), position: .first)
                try channel.pipeline.syncOperations.addHandler(try client.makeTLSHandler(context), position: .first)
            }.get()
            secure = true
            extensions = try await hello(heloName, timeout: timeouts.command)  // RFC 3207: forget what was said in clear
        }
        if let username = client.url.username {
            guard secure || client.mayAuthenticateInClear else {
                throw SMTPError(
                    kind: .refused, server: server, step: "AUTH", code: nil,
                    detail: "the server offers no STARTTLS, and credentials are never sent without TLS (use smtps:// or a server with STARTTLS)")
            }
            try await authenticate(
                username: username, password: client.url.password ?? "", mechanisms: extensions["AUTH"] ?? [],
                timeout: timeouts.command)
        }
        _ = try await exchange("MAIL FROM:<\(mail.from.address)>", step: "MAIL FROM", expect: [250], timeout: timeouts.command)
        for recipient in mail.recipients {
            _ = try await exchange("RCPT TO:<\(recipient.address)>", step: "RCPT TO", expect: [250, 251], timeout: timeouts.command)
        }
        _ = try await exchange("DATA", step: "DATA", expect: [354], timeout: timeouts.command)
        _ = try await exchange(SMTPDataPayload.make(mail.data), raw: true, step: "message", expect: [250], timeout: timeouts.data)
        // Delivered: a QUIT that fails changes nothing.
        _ = try? await exchange("QUIT", step: "QUIT", expect: [221], timeout: timeouts.command)
    }

    /// EHLO, or HELO for a server that does not know it. Returns the extensions by keyword
    /// (`AUTH` → [`PLAIN`, `LOGIN`]).
    private mutating func hello(_ name: String, timeout: TimeAmount) async throws -> [String: [String]] {
        let reply = try await exchange("EHLO \(name)", step: "EHLO", expect: [], timeout: timeout)
        guard reply.code == 250 else {
            _ = try await exchange("HELO \(name)", step: "HELO", expect: [250], timeout: timeout)
            return [:]
        }
        var extensions: [String: [String]] = [:]
        for line in reply.lines.dropFirst() {
            let words = line.uppercased().split(whereSeparator: { $0 == " " || $0 == "=" }).map(String.init)
            guard let keyword = words.first else { continue }
            extensions[keyword, default: []] += words.dropFirst()
        }
        return extensions
    }

    private mutating func authenticate(username: String, password: String, mechanisms: [String], timeout: TimeAmount) async throws {
        // Steps are named without their arguments: those are the credentials.
        if mechanisms.contains("PLAIN") || !mechanisms.contains("LOGIN") {
            let token = Data(("\0" + username + "\0" + password).utf8).base64EncodedString()
            _ = try await exchange("AUTH PLAIN \(token)", step: "AUTH PLAIN", expect: [235], timeout: timeout)
        } else {
            _ = try await exchange("AUTH LOGIN", step: "AUTH LOGIN", expect: [334], timeout: timeout)
            _ = try await exchange(Data(username.utf8).base64EncodedString(), step: "AUTH LOGIN (user name)", expect: [334], timeout: timeout)
            _ = try await exchange(Data(password.utf8).base64EncodedString(), step: "AUTH LOGIN (password)", expect: [235], timeout: timeout)
        }
    }

    /// Sends `line` (with CRLF unless `raw`), waits for the reply and checks its code (any code when `expect`
    /// is empty). When the deadline passes first the connection is closed, which ends the wait.
    private mutating func exchange(_ line: String?, raw: Bool = false, step: String, expect: [Int], timeout: TimeAmount) async throws -> SMTPReply {
        let fired = DeadlineFlag()
        let channel = self.channel
        let timer = channel.eventLoop.scheduleTask(in: timeout) {
            fired.value.withLock { $0 = true }
            channel.close(promise: nil)
        }
        defer { timer.cancel() }
        let reply: SMTPReply
        do {
            if let line { try await outbound.write(ByteBuffer(string: raw ? line : line + "\r\n")) }
            guard let next = try await replies.next() else {
                throw SMTPError(kind: .protocolError, server: server, step: step, code: nil, detail: "the server closed the connection")
            }
            reply = next
        } catch {
            if fired.value.withLock({ $0 }) {
                throw SMTPError(kind: .timeout, server: server, step: step, code: nil, detail: "waited \(timeout.nanoseconds / 1_000_000_000) s")
            }
            // A failed handshake closes the connection: report the TLS error, not the closed channel after it.
            if let failure = tlsFailure.error.withLock({ $0 }) {
                throw SMTPError(kind: .tls, server: server, step: step, code: nil, detail: "\(failure)")
            }
            if let error = error as? SMTPError { throw error }
            throw SMTPError(kind: .protocolError, server: server, step: step, code: nil, detail: "\(error)")
        }
        if !expect.isEmpty, !expect.contains(reply.code) {
            throw SMTPError(kind: .rejected, server: server, step: step, code: reply.code, detail: reply.summary)
        }
        return reply
    }
}

/// Set by a step's timer when it closed the connection, so the failed wait reads as a timeout.
private final class DeadlineFlag: Sendable {
    let value = Mutex(false)
}

/// The first TLS error of a connection (a handshake that failed: untrusted certificate, wrong name).
final class TLSFailure: Sendable {
    let error = Mutex<(any Error)?>(nil)
}

/// Sits right after the TLS handler and notes its errors before the connection closes.
private final class TLSFailureCatcher: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    let failure: TLSFailure

    init(_ failure: TLSFailure) { self.failure = failure }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if error is NIOSSLError || error is BoringSSLError {
            failure.error.withLock { if $0 == nil { $0 = error } }
        }
        context.fireErrorCaught(error)
    }
}
