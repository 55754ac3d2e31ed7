import Crypto
import Foundation

/// Where retention cut the log: the newest pruned event's sequence and hash, signed, so the chain left
/// behind still verifies from it. The signature (Ed25519, `AuditSigner`) makes a checkpoint that was moved,
/// edited or made up to hide a removal fail verification, as long as the signing key is kept apart from
/// whoever could edit the database.
public struct AuditCheckpoint: Sendable, Hashable {
    /// The newest pruned event: the next event left must carry sequence + 1 and this hash as its previous.
    public var sequence: Int64
    public var hash: String
    /// That event's time, and when it was pruned.
    public var time: Date
    public var prunedAt: Date
    /// Base64 Ed25519 signature over `signedBytes`.
    public var signature: String

    public init(sequence: Int64, hash: String, time: Date, prunedAt: Date, signature: String = "") {
        self.sequence = sequence
        self.hash = hash
        self.time = AuditEvent.date(milliseconds: AuditEvent.milliseconds(time))
        self.prunedAt = AuditEvent.date(milliseconds: AuditEvent.milliseconds(prunedAt))
        self.signature = signature
    }

    /// Versioned, one field a line, times in milliseconds: what the signature covers, on every platform.
    public var signedBytes: [UInt8] {
        Array("gatehouse-audit-checkpoint-v1\n\(sequence)\n\(hash)\n\(AuditEvent.milliseconds(time))\n\(AuditEvent.milliseconds(prunedAt))".utf8)
    }
}

/// The key that signs retention checkpoints. `gatehouse` keeps it in the data directory
/// (`audit-signing.key`, readable by the operator only) and an operator who wants more keeps a copy of the
/// public key elsewhere: `gatehouse audit verify` then proves that nobody with the database alone forged a cut.
public struct AuditSigner: Sendable {
    /// The raw 32 bytes: the key type itself is not `Sendable`, so it is rebuilt for each use (cheap).
    public let rawRepresentation: Data

    /// A new key (tests, and the first start of a data directory).
    public init() { rawRepresentation = Curve25519.Signing.PrivateKey().rawRepresentation }

    /// A stored key: its 32 raw bytes. Anything else fails loudly.
    public init(rawRepresentation: Data) throws {
        guard (try? Curve25519.Signing.PrivateKey(rawRepresentation: rawRepresentation)) != nil else {
            throw GatehouseError.corruptData("The audit signing key is not a 32-byte Ed25519 private key")
        }
        self.rawRepresentation = rawRepresentation
    }

    private var key: Curve25519.Signing.PrivateKey {
        // Checked in `init(rawRepresentation:)`, or made by Crypto itself.
        try! Curve25519.Signing.PrivateKey(rawRepresentation: rawRepresentation)
    }

    /// The key that checks this signer's checkpoints; its base64 is what `gatehouse audit prune` prints.
    public var verifyingKey: AuditVerifyingKey { AuditVerifyingKey(rawRepresentation: key.publicKey.rawRepresentation) }

    public func sign(_ checkpoint: AuditCheckpoint) throws -> AuditCheckpoint {
        var signed = checkpoint
        signed.signature = try key.signature(for: checkpoint.signedBytes).base64EncodedString()
        return signed
    }

}

/// The public half of an `AuditSigner`. An operator who keeps it away from the data directory can prove
/// that nobody who could write the directory, key file included, moved a retention cut
/// (`gatehouse audit verify --public-key`).
public struct AuditVerifyingKey: Sendable, Hashable {
    public let rawRepresentation: Data

    init(rawRepresentation: Data) { self.rawRepresentation = rawRepresentation }

    /// A key as `base64` prints it; anything else fails loudly.
    public init(base64: String) throws {
        guard let raw = Data(base64Encoded: base64.trimmingCharacters(in: .whitespacesAndNewlines)),
              (try? Curve25519.Signing.PublicKey(rawRepresentation: raw)) != nil
        else { throw GatehouseError.invalidField(field: "public key", reason: "is not a base64 Ed25519 public key") }
        rawRepresentation = raw
    }

    public var base64: String { rawRepresentation.base64EncodedString() }

    public func isValid(_ checkpoint: AuditCheckpoint) -> Bool {
        guard let signature = Data(base64Encoded: checkpoint.signature),
              let key = try? Curve25519.Signing.PublicKey(rawRepresentation: rawRepresentation)
        else { return false }
        return key.isValidSignature(signature, for: checkpoint.signedBytes)
    }
}
