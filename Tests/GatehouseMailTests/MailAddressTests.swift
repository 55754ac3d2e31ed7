@testable import GatehouseMail
import Testing

@Suite struct MailAddressTests {
    @Test func parsesTheFromSetting() throws {
        let from = try MailAddress(parsing: MailSettings.defaultFrom)
        #expect(from.name == "Gatehouse" && from.address == "gatehouse@localhost" && from.domain == "localhost")
        #expect(try MailAddress(parsing: "ops@example.com").headerValue == "ops@example.com")
        #expect(try MailAddress(parsing: "\"Ops, Inc.\" <ops@example.com>").headerValue == "\"Ops, Inc.\" <ops@example.com>")
        #expect(try MailAddress(parsing: "Zoë <z@example.com>").headerValue == "=?UTF-8?B?Wm/Dqw==?= <z@example.com>")
        #expect(throws: MailError.self) { try MailAddress(parsing: "Gatehouse <not an address>") }
    }

    @Test func settingsFallBackToTheOutboxAndTheDefaultSender() throws {
        let none = try MailSettings(environment: [:])
        #expect(none.smtp == nil && none.from.address == "gatehouse@localhost")
        let smtp = try MailSettings(environment: ["GATEHOUSE_SMTP_URL": "smtp://u:p@mail.example:587", "GATEHOUSE_MAIL_FROM": "a@b.example"])
        #expect(smtp.smtp?.port == 587 && smtp.from.address == "a@b.example")
        #expect(throws: MailSettingsError.self) { try MailSettings(environment: ["GATEHOUSE_SMTP_URL": "mail.example"]) }
        // The error never repeats the URL: it may hold a password.
        do {
            _ = try MailSettings(environment: ["GATEHOUSE_SMTP_URL": "smtpx://u:secret@mail.example"])
        } catch {
            #expect(!"\(error)".contains("secret"))
        }
    }
}
