import GatehouseCore
import Testing

@Suite struct EmailRuleTests {
    @Test func canonicalFormIgnoresCaseAndSurroundingSpace() {
        #expect(EmailRule.canonical("  Ann.Ex@Example.COM ") == "ann.ex@example.com")
    }

    @Test(arguments: ["ann@example.com", "a.b+tag@sub.example.co", "x_y@d-1.org"])
    func acceptsValidAddresses(_ email: String) throws {
        #expect(try EmailRule.validated(email) == email)
    }

    @Test(arguments: ["", "plain", "a@b", "@example.com", "a@.example.com", "a@example.com.", "a b@example.com",
                      "a@@example.com", "a@exa mple.com", "a@example..com"])
    func rejectsInvalidAddressesNamingTheField(_ email: String) {
        #expect(throws: GatehouseError.self) { try EmailRule.validated(email) }
        do {
            _ = try EmailRule.validated(email)
        } catch {
            guard case .invalidField(let field, _) = error else { Issue.record("wrong error \(error)"); return }
            #expect(field == "email")
        }
    }

    @Test func rejectsOverlongAddress() {
        let email = String(repeating: "a", count: 60) + "@" + String(repeating: "b", count: 200) + ".com"
        #expect(throws: GatehouseError.invalidField(field: "email", reason: "must be at most 254 characters")) {
            try EmailRule.validated(email)
        }
    }
}
