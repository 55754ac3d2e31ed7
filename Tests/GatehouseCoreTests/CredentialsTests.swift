import GatehouseCore
import Testing

@Suite struct CredentialsTests {
    @Test func parsesAccountURL() throws {
        let parsed = try #require(AccountCredentials(url: "account://123456789012345:s3cr3t-_x@acc0ffee"))
        #expect(parsed.key == "123456789012345")
        #expect(parsed.secret == "s3cr3t-_x")
        #expect(parsed.accountID == "acc0ffee")
        #expect(parsed.url == "account://123456789012345:s3cr3t-_x@acc0ffee")
    }

    @Test(arguments: ["cloudinary://k:s@c", "account://k@acc", "account://:s@acc", "account://k:s@", "nonsense"])
    func rejectsMalformedURLs(_ url: String) {
        #expect(AccountCredentials(url: url) == nil)
    }

    @Test func secretHashVerifiesOnlyTheRightSecretAndIsSalted() {
        let salt: [UInt8] = Array(repeating: 7, count: 16)
        let hash = SecretHasher.hash(secret: "right", salt: salt)
        #expect(SecretHasher.verify(secret: "right", salt: salt, expected: hash))
        #expect(!SecretHasher.verify(secret: "wrong", salt: salt, expected: hash))
        #expect(SecretHasher.hash(secret: "right", salt: Array(repeating: 8, count: 16)) != hash)
    }

    @Test func generatedIdentifiersHaveCloudinaryShapes() throws {
        let ids = IdentifierGenerator()
        #expect(ids.userID().count == 30)
        #expect(ids.apiKey().count == 15)
        #expect(ids.apiKey().allSatisfy { $0.isNumber })
        #expect(ids.secret().count == 27)
        #expect(ids.userID() != ids.userID())
        #expect(try CloudNameRule.validated(ids.cloudName()).hasPrefix("c-") == true)
    }
}
