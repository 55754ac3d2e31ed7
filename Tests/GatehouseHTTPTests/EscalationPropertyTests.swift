import Foundation
import GatehouseCore
import GatehouseHTTP
import Hummingbird
import HummingbirdTesting
import Testing

/// The escalation property (README, "Security model"): random calls through every write route and command,
/// by callers holding each system role and a custom one, at randomly chosen targets. Around each call it
/// measures what every principal of the account may do (Cedar decisions over `PermissionProbe.all`) and
/// asserts rules 1 to 3 on the difference, whatever the call answered, that the audit log recorded
/// exactly the calls that changed something, each for its caller (`AuditTrail`), and that the server's cached
/// grants answer every probe as grants compiled afresh do (a write drops only the grants it can change).
@Suite(.serialized) struct EscalationPropertyTests {
    /// Each write route comes up this many times per seed (in a shuffled order).
    static let callsPerRoute = 2

    @Test func everyWriteRouteAndCommandHasAGenerator() async throws {
        let world = try await EscalationWorld()
        let routes = Self.writeRoutes(world)
        let generated = Set(WriteCallGenerators.all.keys)
        #expect(Set(routes).subtracting(generated).sorted() == [], "write routes without a generator")
        #expect(generated.subtracting(routes).sorted() == [], "generators for routes that no longer exist")
    }

    @Test(arguments: [1, 2, 3] as [UInt64])
    func noCallGrantsMoreThanItsCallerHoldsOrDiminishesSomeoneStronger(seed: UInt64) async throws {
        let world = try await EscalationWorld()
        let statuses = try await world.app.app.test(.router) { client in try await Self.run(seed: seed, world: world, client: client) }
        // The run must have exercised both sides of the guard. A Console form answers a write it made with 303
        // (POST-redirect-GET), so that counts as a success too.
        let succeeded = statuses.filter { $0.key < 300 || $0.key == 303 }.values.reduce(0, +)
        #expect(succeeded > statuses.values.reduce(0, +) / 10, "too few calls succeeded: \(statuses)")
        #expect((statuses[403] ?? 0) > 0, "no call was refused: \(statuses)")
    }

    /// Makes the seed's calls, checking the rules after each; returns how often each status was answered.
    static func run(seed: UInt64, world: EscalationWorld, client: some TestClientProtocol) async throws -> [Int: Int] {
        let probes = PermissionProbe.all(world: world, catalog: world.app.services.resources.catalog)
        var rng = SeededGenerator(seed: seed)
        let routes = writeRoutes(world).shuffled(using: &rng)
        var before = try await PermissionSnapshot.take(world: world, probes: probes)
        let masterAdmin = before.state(Principal(type: .provisioningKey, id: TestApp.key)).allowed.filter { $0.scopeID == nil }
        var rootEmail = before.state(Principal(type: .user, id: world.root.id)).email
        var statuses: [Int: Int] = [:]
        var trail = AuditTrail(world: world)
        // The IdP may give what whoever last trusted it held (nil: the operator); the owner trusted it first.
        var idpAuthority: PermissionSnapshot.State? = before.state(Principal(type: .user, id: world.root.id))
        let samlSettings = { try await world.app.services.store.read { try $0.samlSettings(accountID: TestApp.account) } }
        for (i, route) in Array(repeating: routes, count: callsPerRoute).joined().enumerated() {
            var targets = try await Targets.read(world)
            if route.hasPrefix("POST /console") {
                // Signing people in is not the call under test: measure after it.
                targets.persons = try await world.signedInPeople()
                targets.sessions = try await Targets.read(world).sessions
                before = try await PermissionSnapshot.take(world: world, probes: probes)
            }
            guard let generate = WriteCallGenerators.all[route], let call = generate(&rng, world, targets) else { continue }
            try await trail.mark()
            let settingsBefore = try await samlSettings()
            let succeeded: Bool
            switch call.door {
            case .http(let method, let uri, let body):
                let status = try await client.execute(
                    uri: uri, method: method, headers: call.caller.headers, body: body.map { ByteBuffer(string: $0) }
                ) { $0.status.code }
                statuses[Int(status), default: 0] += 1
                #expect(status < 500, "seed \(seed): \(call) answered \(status)")
                succeeded = status < 300 || status == 303
            case .command(_, let command):
                do {
                    try await command(world.app.services)
                    succeeded = true
                } catch {
                    succeeded = false
                }
            }
            let after = try await PermissionSnapshot.take(world: world, probes: probes)
            // The cache keeps grants across writes that did not touch them: it must answer as a fresh compile does.
            for stale in after.stale { Issue.record("seed \(seed), call \(i): \(call)\n  stale: \(stale)") }
            // Rule 4: the change and its events, together or not at all.
            try await trail.check(call, succeeded: succeeded, before: before, after: after, seed: seed, index: i)
            let callerBefore: PermissionSnapshot.State?
            switch call.caller.acting {
            case .principal(let p): callerBefore = before.state(p)
            case .local: callerBefore = nil  // the operator
            case .anonymous: callerBefore = PermissionSnapshot.State(exists: false, active: false, email: nil, allowed: [], credentials: "")
            case .identityProvider: callerBefore = idpAuthority
            }
            // Held to whoever wrote the settings: a Console post can answer 303 without writing (to the sign-in page
            // when the session has ended), so the stored settings, not the status, say whether it configured.
            if try await samlSettings() != settingsBefore { idpAuthority = callerBefore }
            let holds = { (probe: PermissionProbe) -> Bool in
                guard let state = callerBefore else { return true }
                if masterAdmin.isSubset(of: state.allowed) || state.allowed.contains(probe) { return true }
                guard let folder = probe.folderID else { return false }
                // Unconditional management of a folder covers every folder role on it (the Admin API's share rule).
                return state.allowed.contains { $0.folderID == folder && $0.resourceType == "Folder" && $0.action == "move" && $0.context.isEmpty }
                    && state.allowed.contains { $0.folderID == folder && $0.resourceType == "Folder" && $0.action == "delete" }
            }
            // Rule 1: whatever anyone gained, the caller held. A holder of account Master Admin stands above every
            // permission (it may take any), so nothing it gains is new to it: the guard weighs it the same way.
            for (principal, now) in after.states where !masterAdmin.isSubset(of: before.state(principal).allowed) {
                for probe in now.allowed.subtracting(before.state(principal).allowed) where after.isMeaningful(probe) && !holds(probe) {
                    Issue.record("seed \(seed), call \(i): \(call)\n  \(principal.type.rawValue) \(principal.id) gained \(probe)")
                }
            }
            // Rule 2: only a caller holding what a principal holds diminishes it.
            for (principal, was) in before.states where principal != call.caller.principal {
                let now = after.state(principal)
                let changed = !now.exists || was.active != now.active || was.email != now.email || was.credentials != now.credentials
                let weighed = changed ? was.allowed : was.allowed.subtracting(now.allowed)
                if let probe = weighed.first(where: { after.isMeaningful($0) && !holds($0) }) {
                    Issue.record("seed \(seed), call \(i): \(call)\n  \(principal.type.rawValue) \(principal.id) \(changed ? "was changed" : "lost \(probe)") though it holds \(probe)")
                }
            }
            // Rule 3: the owner stays an active account Master Admin; its email changes only by its own hand.
            let ownerPrincipal = Principal(type: .user, id: world.root.id)
            let owner = after.state(ownerPrincipal)
            #expect(owner.exists && owner.active && masterAdmin.isSubset(of: owner.allowed)
                        && (owner.email == rootEmail || call.caller.principal == ownerPrincipal),
                    "seed \(seed), call \(i): \(call) changed the owner")
            rootEmail = owner.email
            before = after
        }
        guard case .intact = try await world.app.services.audit.verify() else {
            Issue.record("seed \(seed): the audit chain does not verify after the run")
            return statuses
        }
        return statuses
    }

    /// Every write route the server registers (by method and template), plus the `gatehouse` commands that write.
    static func writeRoutes(_ world: EscalationWorld) -> [String] {
        guard let router = try? TestApp.router(world.app.services) else { return [] }
        let writes = router.routes.filter { ![.get, .head, .options].contains($0.method) }.map { "\($0.method) \($0.path)" }
        return (writes + WriteCallGenerators.commands).sorted()
    }
}
