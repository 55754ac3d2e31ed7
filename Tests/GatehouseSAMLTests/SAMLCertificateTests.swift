import Foundation
import GatehouseCore
import GatehouseSAML
import Testing

@Suite("SAMLCertificate.normalize")
struct SAMLCertificateTests {
    @Test("PEM and bare base64 (with line breaks) give the same base64 DER")
    func forms() throws {
        let pem = try SAMLFixtures.text("idp-cert.pem")
        let der = try SAMLCertificate.normalize(pem)
        let body = pem.split(separator: "\n").filter { !$0.contains("-----") }.joined(separator: "\n")
        #expect(try SAMLCertificate.normalize("  \n" + body + "\n ") == der)
        #expect(!der.contains("\n") && !der.contains("-----"))
        #expect(Data(base64Encoded: der)?.first == 0x30)
    }

    @Test("EC certificates are accepted")
    func ec() throws {
        #expect(try !SAMLCertificate.normalize(SAMLFixtures.text("idp-ec-cert.pem")).isEmpty)
    }

    @Test("garbage and non-RSA/EC keys are refused", arguments: ["", "hello", "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----", "ed25519"])
    func refused(input: String) throws {
        let text = input == "ed25519" ? try SAMLFixtures.text("ed25519-cert.pem") : input
        do {
            _ = try SAMLCertificate.normalize(text)
            Issue.record("accepted \(input)")
        } catch {
            #expect(error.code == "bad_certificate")
        }
    }

    @Test("a 1024-bit RSA certificate is refused, and the message says why")
    func shortRSA() throws {
        let pem = try SAMLFixtures.text("rsa1024-cert.pem")
        do {
            _ = try SAMLCertificate.normalize(pem)
            Issue.record("accepted a 1024-bit RSA key")
        } catch {
            #expect(error.code == "bad_certificate")
            #expect(error.message.contains("2048"))
        }
    }
}
