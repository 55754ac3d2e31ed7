import Foundation
import GatehouseConsole
import GatehouseCore
import Hummingbird
import Testing

@Suite struct SignInPageTests {
    typealias F = ConsoleFixture

    @Test func signInSetsASessionCookieAndLandsOnTheConsole() async throws {
        let fixture = try await ConsoleFixture()
        try await fixture.test { browser in
            let form = try await browser.get("/console/login")
            #expect(form.status == .ok)
            for text in ["<label for=\"email\">Email</label>", "<label for=\"password\">Password</label>", ">Sign in</button>", ">Forgot your password?</a>"] {
                #expect(form.body.contains(text))
            }
            let formCookie = try #require(form.setCookies.first { $0.hasPrefix("gatehouse_form=") })
            #expect(formCookie.contains("HttpOnly") && formCookie.contains("SameSite=Lax") && !formCookie.contains("Secure"))

            let signedIn = try await browser.signIn(F.ownerEmail, F.ownerPassword)
            #expect(signedIn.status == .seeOther)
            #expect(signedIn.location == "/console")
            let cookie = try #require(signedIn.setCookies.first { $0.hasPrefix("gatehouse_session=") })
            for flag in ["HttpOnly", "SameSite=Lax", "Path=/"] { #expect(cookie.contains(flag)) }
            #expect(!cookie.contains("Secure"))

            let home = try await browser.get("/console")
            #expect(home.status == .ok)
            #expect(home.body.contains("Owner"))
            #expect(home.body.contains(">Sign out</button>"))
            #expect(home.body.contains("href=\"/console/profile\""))

            // Sign out: the cookie is cleared and the session no longer opens pages.
            let token = try #require(browser.cookies["gatehouse_session"])
            let out = try await browser.post("/console/logout", [])
            #expect(out.location == "/console/login?notice=signed-out")
            #expect(out.setCookies.contains { $0.hasPrefix("gatehouse_session=;") && $0.contains("Max-Age=0") })
            browser.cookies["gatehouse_session"] = token
            #expect(try await browser.get("/console").location?.hasPrefix("/console/login") == true)
        }
    }

    @Test func sessionCookieIsSecureWhenThePublicURLIsHTTPS() async throws {
        let fixture = try await ConsoleFixture(publicURL: "https://gatehouse.example.com")
        try await fixture.test { browser in
            let page = try await browser.signIn(F.ownerEmail, F.ownerPassword)
            let cookie = try #require(page.setCookies.first { $0.hasPrefix("gatehouse_session=") })
            #expect(cookie.contains("Secure"))
        }
    }

    @Test func wrongPasswordAndUnknownEmailAnswerAlike() async throws {
        let fixture = try await ConsoleFixture()
        try await fixture.test { browser in
            let wrong = try await browser.signIn(F.ownerEmail, "not the password at all")
            let unknown = try await browser.signIn("nobody@example.com", "not the password at all")
            for page in [wrong, unknown] {
                #expect(page.status == .unauthorized)
                #expect(page.body.contains("Wrong email or password."))
                #expect(!page.body.contains("not the password at all"))
                #expect(!page.setCookies.contains { $0.hasPrefix("gatehouse_session=") })
            }
            let empty = try await browser.post("/console/login", [("email", ""), ("password", "")])
            #expect(empty.status == .badRequest)
        }
    }

    @Test func aLockedAccountIsToldToWait() async throws {
        let fixture = try await ConsoleFixture(accountFailureLimit: 2)
        try await fixture.test { browser in
            for _ in 0..<2 { #expect(try await browser.signIn(F.ownerEmail, "wrong wrong wrong").status == .unauthorized) }
            let locked = try await browser.signIn(F.ownerEmail, F.ownerPassword)
            #expect(locked.status == .tooManyRequests)
            #expect(locked.body.contains("Too many sign-in attempts"))
            #expect(!locked.setCookies.contains { $0.hasPrefix("gatehouse_session=") })
        }
    }

    @Test func aFormWithoutItsTokenIsRefusedAndNothingHappens() async throws {
        let fixture = try await ConsoleFixture()
        try await fixture.test { browser in
            try await browser.get("/console/login")
            let missing = try await browser.post("/console/login", [("email", F.ownerEmail), ("password", F.ownerPassword)], csrf: "")
            #expect(missing.status == .forbidden)
            #expect(missing.body.contains("security token is missing or wrong"))
            #expect(!missing.setCookies.contains { $0.hasPrefix("gatehouse_session=") })
            let wrong = try await browser.post("/console/login", [("email", F.ownerEmail), ("password", F.ownerPassword)], csrf: String(repeating: "0", count: 64))
            #expect(wrong.status == .forbidden)
            // Signed in, a post with a wrong token changes nothing.
            try await browser.signIn(F.ownerEmail, F.ownerPassword)
            try await browser.get("/console/profile")
            let refused = try await browser.post("/console/profile", [("first_name", "Mallory"), ("last_name", "X")], csrf: "forged")
            #expect(refused.status == .forbidden)
            let profile = try await browser.get("/console/profile")
            #expect(!profile.body.contains("Mallory"))
        }
    }

    @Test func oversizeAndMalformedBodiesAreClearRefusals() async throws {
        let fixture = try await ConsoleFixture()
        try await fixture.test { browser in
            try await browser.get("/console/login")
            let long = try await browser.post("/console/login", [("email", String(repeating: "a", count: 5_000)), ("password", "x")])
            #expect(long.status == .badRequest)
            #expect(long.body.contains("longer than 4 KiB"))
            let huge = try await browser.post("/console/login", [("email", String(repeating: "a", count: 70_000))])
            #expect(huge.status == .contentTooLarge)
            let broken = try await browser.sendRaw("/console/login", body: "email=%ZZ&password=x")
            #expect(broken.status == .badRequest)
        }
    }

    @Test func twoFactorSignInAsksForTheCodeAndTakesARecoveryCodeOnce() async throws {
        let fixture = try await ConsoleFixture()
        try await fixture.test { browser in
            try await browser.signIn(F.ownerEmail, F.ownerPassword)
            try await browser.get("/console/profile")
            let setUp = try await browser.post("/console/profile/two-factor", [])
            #expect(setUp.status == .ok)
            #expect(setUp.body.contains("<svg"))
            #expect(setUp.body.contains("<label for=\"code\">Authentication code</label>"))
            let secret = try #require(setUp.body.range(of: "<code id=\"secret\">").map { String(setUp.body[$0.upperBound...].prefix { $0 != "<" }) })
            let bytes = try #require(TestBase32.decode(secret))
            let wrong = try await browser.post("/console/profile/two-factor/verify", [("code", "000000")])
            #expect(wrong.status == .badRequest)
            #expect(wrong.body.contains(secret))  // the same secret is shown again
            let code = TOTP(secret: bytes).code(counter: Int64(Date().timeIntervalSince1970 / 30))
            let done = try await browser.post("/console/profile/two-factor/verify", [("code", code)])
            #expect(done.status == .ok)
            let codes = done.body.components(separatedBy: "<li><code>").dropFirst().map { String($0.prefix { $0 != "<" }) }
            #expect(codes.count == 10)
            try await browser.post("/console/logout", [])

            let password = try await browser.signIn(F.ownerEmail, F.ownerPassword)
            #expect(password.location == "/console/login/verify")
            #expect(password.setCookies.contains { $0.hasPrefix("gatehouse_step=") && $0.contains("HttpOnly") })
            try await browser.get("/console/login/verify")
            let bad = try await browser.post("/console/login/verify", [("code", "123456")])
            #expect(bad.status == .badRequest)
            #expect(bad.body.contains("not valid"))
            let ok = try await browser.post("/console/login/verify", [("code", codes[0])])
            #expect(ok.location == "/console")
            try await browser.get("/console")
            try await browser.post("/console/logout", [])

            try await browser.signIn(F.ownerEmail, F.ownerPassword)
            try await browser.get("/console/login/verify")
            let reused = try await browser.post("/console/login/verify", [("code", codes[0])])
            #expect(reused.status == .badRequest)
        }
    }
}

/// RFC 4648 base32 without padding, for reading the secret off the page.
enum TestBase32 {
    static func decode(_ text: String) -> [UInt8]? {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
        var bits = 0, value = 0
        var out: [UInt8] = []
        for char in text where char != "=" {
            guard let index = alphabet.firstIndex(of: char) else { return nil }
            value = (value << 5) | index
            bits += 5
            if bits >= 8 {
                out.append(UInt8((value >> (bits - 8)) & 0xFF))
                bits -= 8
            }
        }
        return out
    }
}
