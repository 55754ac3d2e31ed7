import GatehouseCore
@testable import GatehouseMail
import Testing

@Suite struct SMTPDataPayloadTests {
    @Test func dotStuffsAndTerminates() {
        #expect(SMTPDataPayload.make("a\r\n.\r\n..b\r\nc\r\n") == "a\r\n..\r\n...b\r\nc\r\n.\r\n")
        #expect(SMTPDataPayload.make(".start\nend") == "..start\r\nend\r\n.\r\n")
    }

    @Test func anEncodedMessageWithADotLineCannotEndTheDataEarly() throws {
        let encoder = MessageEncoder(from: try MailAddress(parsing: "gatehouse@example.org"))
        let mail = try encoder.encode(OutgoingMail(to: "ann@example.com", subject: "s", text: "one\n.\ntwo"), id: "1", date: .init())
        let payload = SMTPDataPayload.make(mail.data)
        #expect(payload.components(separatedBy: "\r\n.\r\n").count == 2)
        #expect(payload.hasSuffix("\r\n.\r\n"))
    }
}
