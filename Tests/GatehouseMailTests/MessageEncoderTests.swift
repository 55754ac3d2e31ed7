import Foundation
import GatehouseCore
@testable import GatehouseMail
import Testing

@Suite struct MessageEncoderTests {
    let encoder = MessageEncoder(from: try! MailAddress(parsing: "Gatehouse <gatehouse@example.org>"))
    let date = Date(timeIntervalSince1970: 1_796_000_000)  // Tue, 01 Dec 2026 …

    func encode(subject: String = "You are invited", text: String = "https://gh.example/x\n\nHello") throws
        -> EncodedMail
    {
        try encoder.encode(OutgoingMail(to: "ann@example.com", subject: subject, text: text), id: "42", date: date)
    }

    /// Headers of the whole message, unfolded, by name.
    func headers(_ data: String) -> [String: String] {
        let head = data.components(separatedBy: "\r\n\r\n")[0].replacingOccurrences(of: "\r\n ", with: " ")
        var result: [String: String] = [:]
        for line in head.components(separatedBy: "\r\n") {
            let parts = line.split(separator: ":", maxSplits: 1)
            result[String(parts[0])] = parts[1].trimmingCharacters(in: .whitespaces)
        }
        return result
    }

    @Test func writesTheHeaders() throws {
        let mail = try encode()
        let h = headers(mail.data)
        #expect(h["Date"] == MessageEncoder.rfc5322Date(date))
        #expect(MessageEncoder.rfc5322Date(Date(timeIntervalSince1970: 0)) == "Thu, 01 Jan 1970 00:00:00 +0000")
        #expect(h["From"] == "Gatehouse <gatehouse@example.org>")
        #expect(h["To"] == "ann@example.com")
        #expect(h["Subject"] == "You are invited")
        #expect(h["MIME-Version"] == "1.0")
        #expect(h["Message-ID"] == "<42.1796000000000@example.org>" && mail.messageID == "42.1796000000000@example.org")
        #expect(h["Content-Type"]?.hasPrefix("multipart/alternative; boundary=\"=_gatehouse_") == true)
        #expect(mail.recipients.map(\.address) == ["ann@example.com"] && mail.from.address == "gatehouse@example.org")
        #expect(mail.link == "https://gh.example/x")
    }

    @Test func encodesNonASCIISubjectsAsEncodedWords() throws {
        let subject = "Einladung für Zoë — willkommen bei Gatehouse, wir freuen uns sehr auf Sie 🎉"
        let mail = try encode(subject: subject)
        let folded = mail.data.components(separatedBy: "\r\n\r\n")[0]
        let subjectLines = folded.components(separatedBy: "\r\n").drop { !$0.hasPrefix("Subject:") }.prefix { $0.hasPrefix("Subject:") || $0.hasPrefix(" ") }
        #expect(subjectLines.count > 1)
        #expect(subjectLines.allSatisfy { $0.utf8.count <= 78 })
        let words = headers(mail.data)["Subject"]!.split(separator: " ").map(String.init)
        #expect(words.allSatisfy { $0.hasPrefix("=?UTF-8?B?") && $0.hasSuffix("?=") && $0.count <= 75 })
        // Decoding the words (adjacent encoded words join without the space) gives the subject back.
        let decoded = words.map { word -> Data in
            Data(base64Encoded: String(word.dropFirst(10).dropLast(2)))!
        }.reduce(Data(), +)
        #expect(String(decoding: decoded, as: UTF8.self) == subject)
    }

    @Test func aLineBreakInASubjectCannotAddAHeader() throws {
        let mail = try encode(subject: "Hi\r\nBcc: eve@example.com")
        #expect(!mail.data.contains("\r\nBcc:"))
        #expect(headers(mail.data)["Subject"] == "Hi  Bcc: eve@example.com")
    }

    @Test func refusesRecipientsThatAreNotPlainAddresses() {
        for bad in ["ann@example.com\r\nRCPT TO:<eve@example.com>", "Ann <ann@example.com>", "ann", "zoë@example.com", "a b@example.com", "@example.com"] {
            #expect(throws: MailError.self) {
                try encoder.encode(OutgoingMail(to: bad, subject: "s", text: "t"), id: "1", date: date)
            }
        }
    }

    @Test func buildsAMultipartAlternativeWithTextThenHTML() throws {
        let mail = try encode(text: "https://gh.example/invite/abc\n\nGrüße")
        let boundary = try #require(headers(mail.data)["Content-Type"]?.split(separator: "\"")[1])
        let parts = mail.data.components(separatedBy: "--\(boundary)")
        #expect(parts.count == 4)  // preamble, text, html, closing "--"
        #expect(parts[3] == "--\r\n")
        #expect(parts[1].contains("Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"))
        #expect(parts[1].contains("Gr=C3=BC=C3=9Fe"))
        #expect(parts[2].contains("Content-Type: text/html; charset=utf-8"))
        #expect(parts[2].contains("<p>Gr=C3=BC=C3=9Fe</p>"))
        #expect(parts[2].contains("<a href=3D\"https://gh.example/invite/abc\">"))
    }

    @Test func theHTMLPartIsDrawnFromTheTextEscaped() {
        let html = MailHTML.render(subject: "Hi <you>", text: "https://x.example/a?b=1&c=2\n\nDear <script>\nsecond line")
        #expect(html.contains("<title>Hi &lt;you&gt;</title>"))
        #expect(html.contains("<p><a href=\"https://x.example/a?b=1&amp;c=2\">https://x.example/a?b=1&amp;c=2</a></p>"))
        #expect(html.contains("<p>Dear &lt;script&gt;<br>second line</p>"))
    }

    @Test func paragraphsAreSplitAtBlankLinesWhateverTheLineEndings() {
        #expect(MailHTML.paragraphs(of: "a\r\n\r\n  b  \n\n\n\nc\n") == ["a", "b", "c"])
        #expect(MailHTML.paragraphs(of: "one\r\ntwo\n \nthree") == ["one\ntwo\n \nthree"])
        #expect(MailHTML.paragraphs(of: "\n\n") == [])
    }

    @Test func everyLineEndsInCRLFAndStaysShortAndSevenBit() throws {
        let long = String(repeating: "ä long line with = signs and trailing space ", count: 40) + " "
        let mail = try encode(subject: String(repeating: "x", count: 300), text: long + "\n" + long)
        #expect(!mail.data.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
        #expect(!mail.data.replacingOccurrences(of: "\r\n", with: "").contains("\r"))
        #expect(mail.data.hasSuffix("\r\n"))
        for line in mail.data.components(separatedBy: "\r\n") {
            #expect(line.utf8.count <= 78, "too long: \(line)")
            #expect(line.utf8.allSatisfy { $0 < 0x80 })
        }
    }

    @Test func findsTheFirstLink() {
        #expect(MessageEncoder.firstLink(in: "Go to <http://a.example/x?y=1> or https://b.example") == "http://a.example/x?y=1")
        #expect(MessageEncoder.firstLink(in: "no link here") == nil)
        #expect(MessageEncoder.firstLink(in: "the hhttp header, then\nhttps://c.example/é?x=1\tmore") == "https://c.example/é?x=1")
        #expect(MessageEncoder.firstLink(in: "ends with https://d.example") == "https://d.example")
    }
}
