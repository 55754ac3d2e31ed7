import Foundation
import GatehouseConsole
import GatehouseCore
import Hummingbird
import Testing

@Suite struct ProfilePageTests {
    typealias F = ConsoleFixture

    @Test func profileShowsTheContractAndSaves() async throws {
        let fixture = try await ConsoleFixture()
        try await fixture.test { browser in
            try await browser.signIn(F.ownerEmail, F.ownerPassword)
            let page = try await browser.get("/console/profile")
            #expect(page.status == .ok)
            for text in [
                "<label for=\"first_name\">First name</label>", "<label for=\"last_name\">Last name</label>", ">Save</button>",
                "<label for=\"current_password\">Current password</label>", "<label for=\"new_password\">New password</label>",
                ">Change password</button>", ">Set up two-factor authentication</button>", ">End session</button>",
                ">Sign out everywhere</button>", ">Sign out</button>", "(this browser)",
            ] {
                #expect(page.body.contains(text), "missing \(text)")
            }
            let saved = try await browser.post("/console/profile", [("first_name", "Olive <b>"), ("last_name", "Owner"), ("security_notices", "on")])
            #expect(saved.location == "/console/profile?notice=saved")
            let after = try await browser.get("/console/profile")
            #expect(after.body.contains("value=\"Olive &lt;b&gt;\""))
            #expect(after.body.contains("id=\"product_updates\" name=\"product_updates\">"))
            #expect(after.body.contains("id=\"security_notices\" name=\"security_notices\" checked>"))
            let tooLong = try await browser.post("/console/profile", [("first_name", String(repeating: "x", count: 300)), ("last_name", "")])
            #expect(tooLong.status == .badRequest)
        }
    }

    @Test func changingThePasswordNeedsTheCurrentOne() async throws {
        let fixture = try await ConsoleFixture()
        try await fixture.test { browser in
            try await browser.signIn(F.ownerEmail, F.ownerPassword)
            try await browser.get("/console/profile")
            let wrong = try await browser.post("/console/profile/password", [("current_password", "wrong wrong wrong"), ("new_password", "another long passphrase")])
            #expect(wrong.status == .badRequest)
            #expect(wrong.body.contains("Current password is not your current password"))
            #expect(!wrong.body.contains("another long passphrase"))
            let missing = try await browser.post("/console/profile/password", [("current_password", ""), ("new_password", "")])
            #expect(missing.status == .badRequest)
            let ok = try await browser.post("/console/profile/password", [("current_password", F.ownerPassword), ("new_password", "another long passphrase")])
            #expect(ok.location == "/console/profile?notice=password-changed")
            #expect(try await browser.get("/console/profile").status == .ok)  // this session stays
        }
    }

    @Test func sessionsCanBeEndedOneByOneOrAllAtOnce() async throws {
        let fixture = try await ConsoleFixture()
        try await fixture.test { other in
            try await other.signIn(F.ownerEmail, F.ownerPassword)
            try await fixture.test { browser in
                try await browser.signIn(F.ownerEmail, F.ownerPassword)
                let page = try await browser.get("/console/profile")
                let ids = page.body.components(separatedBy: "name=\"session\" value=\"").dropFirst().map { String($0.prefix { $0 != "\"" }) }
                #expect(ids.count == 2)
                // End the row that is not this browser.
                for id in ids {
                    let row = page.body.components(separatedBy: "<tr>").first { $0.contains(id) }!
                    if !row.contains("(this browser)") {
                        let ended = try await browser.post("/console/profile/sessions/end", [("session", id)])
                        #expect(ended.location == "/console/profile?notice=session-ended-other")
                    }
                }
                #expect(try await other.get("/console").location?.hasPrefix("/console/login") == true)
                try await browser.get("/console/profile")
                let all = try await browser.post("/console/profile/sessions/end-all", [])
                #expect(all.location == "/console/login?notice=signed-out")
                #expect(try await browser.get("/console").location?.hasPrefix("/console/login") == true)
            }
        }
    }
}
