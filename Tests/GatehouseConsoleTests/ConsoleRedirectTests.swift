import GatehouseConsole
import GatehouseHTTP
import Hummingbird
import HummingbirdTesting
import Testing

@Suite struct ConsoleRedirectTests {
    @Test func rootLeadsToTheConsole() async throws {
        let fixture = try await ConsoleFixture()
        try await fixture.test { browser in
            let page = try await browser.get("/")
            #expect(page.status == .seeOther)
            #expect(page.location == "/console")
        }
    }

    @Test func signedOutPagesLeadToSignIn() async throws {
        let fixture = try await ConsoleFixture()
        try await fixture.test { browser in
            for path in ["/console", "/console/profile"] {
                let page = try await browser.get(path)
                #expect(page.status == .seeOther)
                #expect(page.location == "/console/login")
            }
            let post = try await browser.post("/console/profile", [("first_name", "X")], csrf: "whatever")
            #expect(post.location == "/console/login")
        }
    }
}
