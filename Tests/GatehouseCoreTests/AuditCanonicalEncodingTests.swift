import Foundation
import Testing

import GatehouseCore

/// The canonical bytes and the hash are pinned: a change to either would make every stored log fail to
/// verify, so it must be a deliberate, versioned one, never a side effect.
@Suite struct AuditCanonicalEncodingTests {
    static let event = AuditEvent(
        id: "e1", sequence: 7, time: Date(timeIntervalSince1970: 1_780_000_000.123), accountID: "acc1",
        actor: AuditActor(type: .apiKey, id: "k1", authentication: "api_key"), action: "user.update", target: AuditTarget(type: "user", id: "u1", name: "Zoë \"Z\""),
        before: .object(["name": .string("Zo\u{1}"), "n": .number(2.0), "b": .bool(true)]),
        after: .object(["name": .string("Zoë"), "x": .number(1.5)]),
        outcome: .success, requestID: nil, clientIP: "10.0.0.1", userAgent: nil, previousHash: AuditChain.genesisHash, hash: "")

    static let canonical =
        #"{"account_id":"acc1","action":"user.update","actor":{"authentication":"api_key","id":"k1","name":null,"type":"api_key"},"#
        + #""after":{"name":"Zoë","x":1.5},"before":{"b":true,"n":2,"name":"Zo\u0001"},"client_ip":"10.0.0.1","id":"e1","#
        + #""outcome":"success","previous_hash":"0000000000000000000000000000000000000000000000000000000000000000","#
        + #""request_id":null,"sequence":7,"target":{"id":"u1","name":"Zoë \"Z\"","type":"user"},"time":1780000000123,"user_agent":null}"#

    @Test func theCanonicalBytesAreStable() {
        #expect(String(decoding: AuditCanonicalEncoding.bytes(of: Self.event), as: UTF8.self) == Self.canonical)
    }

    @Test func theHashCoversThePreviousHashAndTheCanonicalBytes() {
        // Also computed outside Swift: sha256(previous_hash + "\n" + canonical) with Python's hashlib.
        #expect(AuditChain.hash(of: Self.event) == "caa8349e7ad675efba9f8bbf5ef8a2d42aa91ed1cd2328d1c02b9e7d8bfc75ea")
    }

    @Test func sealingChainsAndEveryFieldCounts() {
        let draft = AuditDraft(accountID: "a", actor: AuditActor(.local), action: "group.create", target: AuditTarget(type: "group", id: "g"))
        let first = AuditChain.seal(draft, after: nil)
        #expect(first.sequence == 1 && first.previousHash == AuditChain.genesisHash && first.hash == AuditChain.hash(of: first))
        let next = AuditDraft(accountID: "a", actor: AuditActor(.anonymous), action: "x", target: first.target)
        let second = AuditChain.seal(next, after: (first.sequence, first.hash))
        #expect(second.sequence == 2 && second.previousHash == first.hash)
        var altered = second
        altered.userAgent = "curl"
        #expect(AuditChain.hash(of: altered) != second.hash)
    }
}
