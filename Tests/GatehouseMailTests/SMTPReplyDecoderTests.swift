@testable import GatehouseMail
import Testing

@Suite struct SMTPReplyDecoderTests {
    @Test func gathersMultilineRepliesWithoutTheirLineEnds() throws {
        var decoder = SMTPReplyDecoder()
        #expect(try decoder.take(line: Array("250-mail.example Hello\r\n".utf8)) == nil)
        #expect(try decoder.take(line: Array("250-STARTTLS\r\n".utf8)) == nil)
        #expect(
            try decoder.take(line: Array("250 AUTH LOGIN PLAIN\r\n".utf8))
                == SMTPReply(code: 250, lines: ["mail.example Hello", "STARTTLS", "AUTH LOGIN PLAIN"]))
        #expect(try decoder.take(line: Array("220\n".utf8)) == SMTPReply(code: 220, lines: [""]))
        #expect(throws: SMTPReplyDecoderError.self) { try decoder.take(line: Array("hello\r\n".utf8)) }
    }
}
