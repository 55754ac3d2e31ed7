import Foundation
import GatehouseCore
@testable import GatehouseSAML

/// The committed fixtures (made by Fixtures/make-fixtures.sh with xmlsec1) and the values they were made with.
enum SAMLFixtures {
    struct Missing: Error, CustomStringConvertible {
        var name: String
        var description: String { "fixture \(name) is missing: run Tests/GatehouseSAMLTests/Fixtures/make-fixtures.sh" }
    }

    static let idpEntityID = "https://idp.example.test/metadata"
    static let spEntityID = "https://gatehouse.example.test/saml/acct-1/metadata"
    static let acsURL = "https://gatehouse.example.test/saml/acct-1/acs"

    /// The time the fixtures are valid at: issued 10:00, conditions 09:55–10:05.
    static let now = time("2026-01-15T10:01:00Z")

    static func time(_ text: String) -> Date {
        (try? Date(text, strategy: .iso8601)) ?? .distantPast
    }

    static func text(_ file: String) throws -> String {
        let parts = file.split(separator: ".", maxSplits: 1).map(String.init)
        guard parts.count == 2,
            let url = Bundle.module.url(forResource: parts[0], withExtension: parts[1], subdirectory: "Fixtures")
        else { throw Missing(name: file) }
        return try String(contentsOf: url, encoding: .utf8)
    }

    /// The fixture as the browser posts it: the SAMLResponse form field.
    static func posted(_ file: String) throws -> String {
        Data(try text(file).utf8).base64EncodedString()
    }

    static func certificate(_ file: String) throws -> String {
        try SAMLCertificate.normalize(try text(file))
    }

    static func verifier(
        certificates: [String]? = nil, entityID: String = idpEntityID, spEntityID: String = spEntityID, acsURL: String = acsURL
    ) throws -> SAMLResponseVerifier {
        let certificates = try certificates ?? [certificate("idp-cert.pem")]
        return SAMLResponseVerifier(
            identityProvider: SAMLIdentityProvider(entityID: entityID, ssoURL: "https://idp.example.test/sso/redirect", certificates: certificates),
            serviceProviderEntityID: spEntityID, acsURL: acsURL)
    }

    /// The rejection code `body` throws, or "accepted".
    static func outcome(_ body: () throws -> SAMLAssertion) -> String {
        do {
            _ = try body()
            return "accepted"
        } catch let rejection as SAMLRejection {
            return rejection.code
        } catch {
            return "unexpected error \(error)"
        }
    }

    static func rejection(_ body: () throws -> SAMLAssertion) -> SAMLRejection? {
        do {
            _ = try body()
            return nil
        } catch {
            return error as? SAMLRejection
        }
    }
}
