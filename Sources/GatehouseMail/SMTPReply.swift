import NIOCore

/// One server reply: a three-digit code and its text lines (`250-…` continuations gathered).
struct SMTPReply: Sendable, Equatable {
    var code: Int
    var lines: [String]

    var isPositive: Bool { (200..<400).contains(code) }
    /// A short, single-line version of the text for error messages.
    var summary: String { "\(code) \(lines.joined(separator: " "))" }
}

/// Splits the byte stream into replies. A line longer than `maxLineLength` is refused: RFC 5321 allows 512.
struct SMTPReplyDecoder: ByteToMessageDecoder {
    typealias InboundOut = SMTPReply
    static let maxLineLength = 4096
    private var pending: [String] = []

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        let view = buffer.readableBytesView
        guard let newline = view.firstIndex(of: UInt8(ascii: "\n")) else {
            if view.count > Self.maxLineLength { throw SMTPReplyDecoderError.lineTooLong }
            return .needMoreData
        }
        let line = buffer.readBytes(length: newline - view.startIndex + 1) ?? []
        if let reply = try take(line: line) { context.fireChannelRead(wrapInboundOut(reply)) }
        return .continue
    }

    /// Adds one line (with or without its CRLF); returns the reply it completes, if any. Bytes, not
    /// `String`: in Swift "\r\n" is one character, which `hasSuffix("\n")` does not match.
    mutating func take(line bytes: [UInt8]) throws -> SMTPReply? {
        var bytes = bytes[...]
        while let last = bytes.last, last == UInt8(ascii: "\n") || last == UInt8(ascii: "\r") { bytes = bytes.dropLast() }
        let line = String(decoding: bytes, as: UTF8.self)
        guard bytes.count >= 3, let code = Int(line.prefix(3)), (200...599).contains(code) else {
            throw SMTPReplyDecoderError.notAReply
        }
        let rest = line.dropFirst(3)
        pending.append(String(rest.dropFirst()))
        if rest.first == "-" { return nil }
        defer { pending = [] }
        return SMTPReply(code: code, lines: pending)
    }

    mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws -> DecodingState {
        while try decode(context: context, buffer: &buffer) == .continue {}
        return .needMoreData
    }
}

enum SMTPReplyDecoderError: Error {
    case lineTooLong, notAReply
}
