import Foundation
@testable import GatehouseHTTP
import Testing

/// `Authorization: Basic …` is read byte by byte; it must accept what RFC 7617 clients send and nothing else.
@Suite struct BasicCredentialsTests {
    static func encoded(_ s: String) -> String { Data(s.utf8).base64EncodedString() }

    @Test func readsKeyAndSecret() {
        let b64 = Self.encoded("123456:se:cr:et")
        for header in ["Basic \(b64)", "basic \(b64)", "BASIC  \(b64)\t ", "bAsIc \t\(b64)"] {
            let credentials = ProvisioningAuthMiddleware.basicCredentials(header)
            #expect(credentials?.0 == "123456", "\(header)")
            #expect(credentials?.1 == "se:cr:et", "\(header)")
        }
        #expect(ProvisioningAuthMiddleware.basicCredentials("Basic \(Self.encoded("key:"))")?.1 == "")
    }

    @Test func refusesEverythingElse() {
        let invalidUTF8 = Data([0x6B, 0x3A, 0xFF, 0xFE]).base64EncodedString()
        for header in [nil, "", "Basic", "Basic ", "Bearer \(Self.encoded("k:s"))", "Basicx \(Self.encoded("k:s"))",
                       "Basic !!!", "Basic \(Self.encoded("no colon"))", "Basic \(invalidUTF8)", "Basic \(Self.encoded("k:s")) x"] {
            #expect(ProvisioningAuthMiddleware.basicCredentials(header) == nil, "\(header ?? "nil")")
        }
    }
}
