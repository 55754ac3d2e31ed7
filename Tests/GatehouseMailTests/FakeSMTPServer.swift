import NIOCore
import NIOPosix
import NIOSSL
import Synchronization

/// A scripted SMTP server on 127.0.0.1 for the client tests: offers STARTTLS (or starts in TLS), AUTH PLAIN
/// and LOGIN, accepts one message, and records every line it received and whether TLS was on at the time.
final class FakeSMTPServer: Sendable {
    enum Mode: Sendable { case startTLS, implicitTLS, plain, silent }

    struct Line: Sendable, Equatable {
        var text: String
        var overTLS: Bool
    }

    let mode: Mode
    let channel: any Channel
    private let recorder = LineRecorder()

    var lines: [Line] { recorder.lines.withLock { $0 } }
    var port: Int { channel.localAddress!.port! }

    init(mode: Mode) async throws {
        self.mode = mode
        let context = try NIOSSLContext(
            configuration: .makeServerConfiguration(
                certificateChain: [.certificate(try NIOSSLCertificate(bytes: Array(TestCertificate.certificatePEM.utf8), format: .pem))],
                privateKey: .privateKey(try NIOSSLPrivateKey(bytes: Array(TestCertificate.privateKeyPEM.utf8), format: .pem))))
        let recorder = self.recorder
        channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { child in
                child.eventLoop.makeCompletedFuture {
                    if mode == .implicitTLS { try child.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: context)) }
                    try child.pipeline.syncOperations.addHandler(ScriptHandler(mode: mode, tls: context, record: recorder.record))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
    }

    func stop() async throws { try await channel.close() }
}

private final class LineRecorder: Sendable {
    let lines = Mutex<[FakeSMTPServer.Line]>([])
    var record: @Sendable (FakeSMTPServer.Line) -> Void { { [self] line in lines.withLock { $0.append(line) } } }
}

private final class ScriptHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    let mode: FakeSMTPServer.Mode
    let tls: NIOSSLContext
    let record: @Sendable (FakeSMTPServer.Line) -> Void
    var buffer = ""
    var overTLS: Bool
    var inData = false

    init(mode: FakeSMTPServer.Mode, tls: NIOSSLContext, record: @escaping @Sendable (FakeSMTPServer.Line) -> Void) {
        self.mode = mode
        self.tls = tls
        self.record = record
        overTLS = mode == .implicitTLS
    }

    func channelActive(context: ChannelHandlerContext) {
        if mode != .silent { send("220 fake.test ESMTP", context) }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var bytes = unwrapInboundIn(data)
        buffer += bytes.readString(length: bytes.readableBytes) ?? ""
        while let newline = buffer.firstIndex(where: { $0 == "\n" || $0 == "\r\n" }) {
            let line = String(buffer[..<newline])
            buffer = String(buffer[buffer.index(after: newline)...])
            handle(line, context)
        }
    }

    private func handle(_ line: String, _ context: ChannelHandlerContext) {
        record(.init(text: line, overTLS: overTLS))
        if inData {
            if line == "." {
                inData = false
                send("250 queued", context)
            }
            return
        }
        let verb = line.uppercased()
        if verb.hasPrefix("EHLO") {
            send(mode == .startTLS && !overTLS ? "250-fake.test\r\n250-STARTTLS\r\n250 SIZE 1000000" : "250-fake.test\r\n250 AUTH LOGIN PLAIN", context)
        } else if verb == "STARTTLS" {
            let channel = context.channel
            let handler = NIOSSLServerHandler(context: tls)
            overTLS = true
            // TLS starts after the 220 has gone out in clear.
            context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: "220 go ahead\r\n"))).assumeIsolated().whenSuccess {
                try? channel.pipeline.syncOperations.addHandler(handler, position: .first)
            }
        } else if verb.hasPrefix("AUTH PLAIN") {
            send("235 welcome", context)
        } else if verb == "DATA" {
            inData = true
            send("354 end with .", context)
        } else if verb == "QUIT" {
            context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: "221 bye\r\n"))).assumeIsolated().whenComplete { _ in
                context.close(promise: nil)
            }
        } else {
            send("250 ok", context)
        }
    }

    private func send(_ text: String, _ context: ChannelHandlerContext) {
        context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: text + "\r\n")), promise: nil)
    }
}
