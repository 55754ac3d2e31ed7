import Foundation
import GatehouseConsole
import GatehouseCore
import Hummingbird
import Testing

@Suite struct LinkPageTests {
    static let password = "correct horse battery staple"

    @Test func anInvitationSetsNameAndPasswordOnce() async throws {
        let fixture = try await ConsoleFixture()
        let link = try await fixture.invite("ann@example.com")
        try await fixture.test { browser in
            let form = try await browser.get(link)
            #expect(form.status == .ok)
            for text in ["<label for=\"name\">Name</label>", "<label for=\"password\">Password</label>", "<label for=\"confirm_password\">Confirm password</label>", ">Set password</button>"] {
                #expect(form.body.contains(text))
            }
            let missing = try await browser.post(link, [("name", "Ann"), ("password", ""), ("confirm_password", "")])
            #expect(missing.status == .badRequest)
            let mismatch = try await browser.post(link, [("name", "Ann"), ("password", Self.password), ("confirm_password", Self.password + "x")])
            #expect(mismatch.status == .badRequest)
            #expect(mismatch.body.contains("Confirm password does not match"))
            #expect(!mismatch.body.contains(Self.password))
            let short = try await browser.post(link, [("name", "Ann"), ("password", "short"), ("confirm_password", "short")])
            #expect(short.status == .badRequest)
            #expect(short.body.contains("at least 12 characters"))
            let noToken = try await browser.post(link, [("name", "Ann"), ("password", Self.password), ("confirm_password", Self.password)], csrf: "")
            #expect(noToken.status == .forbidden)

            let done = try await browser.post(link, [("name", "Ann Example"), ("password", Self.password), ("confirm_password", Self.password)])
            #expect(done.location == "/console/login?notice=password-set")
            let notice = try await browser.get(done.location!)
            #expect(notice.body.contains("Your password is set"))

            // The link works once.
            let replay = try await browser.get(link)
            #expect(replay.status == .badRequest)
            #expect(replay.body.contains("no longer valid"))
            let replayPost = try await browser.post(link, [("name", "X"), ("password", Self.password), ("confirm_password", Self.password)])
            #expect(replayPost.status == .badRequest)

            #expect(try await browser.signIn("ann@example.com", Self.password).location == "/console")
            #expect(try await browser.get("/console").body.contains("Ann Example"))
        }
    }

    @Test func unknownAndOddLinksAreRefusedPlainly() async throws {
        let fixture = try await ConsoleFixture()
        try await fixture.test { browser in
            for path in ["/console/invitation/nope", "/console/reset/nope", "/console/reset/%3Cscript%3E"] {
                let page = try await browser.get(path)
                #expect(page.status == .badRequest)
                #expect(!page.body.contains("<script>"))
            }
        }
    }

    @Test func forgotPasswordAnswersAlikeAndTheResetLinkWorks() async throws {
        let fixture = try await ConsoleFixture()
        try await fixture.test { browser in
            let form = try await browser.get("/console/forgot")
            #expect(form.body.contains(">Send reset link</button>"))
            let known = try await browser.post("/console/forgot", [("email", ConsoleFixture.ownerEmail)])
            let unknown = try await browser.post("/console/forgot", [("email", "nobody@example.com")])
            #expect(known.status == .seeOther && unknown.status == .seeOther)
            #expect(known.location == unknown.location)
            let empty = try await browser.post("/console/forgot", [("email", "")])
            #expect(empty.status == .badRequest)

            let link = try await fixture.lastLink(to: ConsoleFixture.ownerEmail)
            #expect(link.hasPrefix("/console/reset/"))
            try await browser.get(link)
            let done = try await browser.post(link, [("password", Self.password), ("confirm_password", Self.password)])
            #expect(done.location == "/console/login?notice=password-set")
            #expect(try await browser.signIn(ConsoleFixture.ownerEmail, ConsoleFixture.ownerPassword).status == .unauthorized)
            #expect(try await browser.signIn(ConsoleFixture.ownerEmail, Self.password).location == "/console")
            #expect(try await browser.get(link).status == .badRequest)
        }
    }
}
