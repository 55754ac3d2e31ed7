import GatehouseMail
import Testing

@Suite struct SMTPURLTests {
    @Test func readsSchemeHostPortAndCredentials() throws {
        let url = try #require(SMTPURL("smtp://ann%40x:p%3Ass@mail.example.com:2525"))
        #expect(url.host == "mail.example.com" && url.port == 2525 && url.security == .startTLSIfOffered)
        #expect(url.username == "ann@x" && url.password == "p:ss")
        #expect(SMTPURL("smtps://mail.example.com")?.port == 465)
        #expect(SMTPURL("smtps://mail.example.com")?.security == .implicitTLS)
        #expect(SMTPURL("http://mail.example.com") == nil)
        #expect(SMTPURL("smtp://") == nil)
    }
}
