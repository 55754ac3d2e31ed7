import Cedar

/// Deterministic Cloudinary-shaped benchmark data: ~10k entities (groups,
/// users, API keys, folder trees with `ancestor_ids`, features) and policy
/// sets of any size built from the rule shapes the Permissions API produces.
/// The same seed yields byte-identical text, which `--dump` writes out so the
/// cedarpy benchmark measures exactly the same inputs.
struct BenchData {
    var policiesText: String
    var entitiesJSON: String
    /// JSON-lines requests, as `gatehouse cedar authorize` reads them.
    var requestLines: [String]

    /// SplitMix64: tiny, seedable, identical on every platform.
    struct RNG {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func int(_ n: Int) -> Int { Int(next() % UInt64(n)) }
        mutating func chance(_ percent: Int) -> Bool { int(100) < percent }
    }

    static let groups = 100, users = 2_000, keys = 500, features = 10
    static let folders = 10_000 - groups - users - keys - features
    static let actions = ["read", "write", "delete", "share", "admin"]

    static func uid(_ type: String, _ id: String) -> String { "{\"type\":\"Cloudinary::\(type)\",\"id\":\"\(id)\"}" }

    static func make(policies n: Int, requests: Int, seed: UInt64 = 42) -> BenchData {
        var r = RNG(state: seed)
        var ents: [String] = []
        // Action hierarchy: read/write/delete/share in "manage", everything in "all".
        ents.append("{\"uid\":\(uid("Action", "all")),\"attrs\":{},\"parents\":[]}")
        ents.append("{\"uid\":\(uid("Action", "manage")),\"attrs\":{},\"parents\":[\(uid("Action", "all"))]}")
        for a in actions {
            let parent = a == "admin" ? uid("Action", "all") : uid("Action", "manage")
            ents.append("{\"uid\":\(uid("Action", a)),\"attrs\":{},\"parents\":[\(parent)]}")
        }
        for g in 0..<groups {
            let parents = g >= 10 ? "[\(uid("Group", "g\(r.int(10))"))]" : "[]"
            ents.append("{\"uid\":\(uid("Group", "g\(g)")),\"attrs\":{\"name\":\"Group \(g)\"},\"parents\":\(parents)}")
        }
        let roles = ["admin", "technical_admin", "billing", "master_admin", "media_library_user"]
        for u in 0..<users {
            let gs = (0..<(1 + r.int(3))).map { _ in uid("Group", "g\(r.int(groups))") }
            let role = roles[r.int(roles.count)]
            ents.append("{\"uid\":\(uid("User", "u\(u)")),\"attrs\":{\"email\":\"u\(u)@example.com\",\"role\":\"\(role)\",\"active\":\(r.chance(90))},\"parents\":[\(Set(gs).sorted().joined(separator: ","))]}")
        }
        for k in 0..<keys {
            let owner = uid("User", "u\(r.int(users))")
            let scopes = actions.filter { _ in r.chance(50) }.map { "\"\($0)\"" }.joined(separator: ",")
            ents.append("{\"uid\":\(uid("APIKey", "k\(k)")),\"attrs\":{\"owner\":{\"__entity\":\(owner)},\"scopes\":[\(scopes)],\"enabled\":\(r.chance(95))},\"parents\":[\(owner)]}")
        }
        // Folder forest: 100 roots, each new folder hangs under a random earlier one (chains up to ~12 deep).
        var ancestors: [[Int]] = []
        for f in 0..<folders {
            var anc: [Int] = []
            if f >= 100 {
                let p = f - 1 - r.int(min(f, 300))
                anc = ancestors[p].count < 12 ? ancestors[p] + [p] : ancestors[p]
            }
            ancestors.append(anc)
            let ids = anc.map { "\"f\($0)\"" }.joined(separator: ",")
            let parent = anc.last.map { "[\(uid("Folder", "f\($0)"))]" } ?? "[]"
            let owner = uid("User", "u\(r.int(users))")
            ents.append("{\"uid\":\(uid("Folder", "f\(f)")),\"attrs\":{\"ancestor_ids\":[\(ids)],\"owner\":{\"__entity\":\(owner)},\"locked\":\(r.chance(3))},\"parents\":\(parent)}")
        }
        for ft in 0..<features {
            ents.append("{\"uid\":\(uid("Feature", "feat\(ft)")),\"attrs\":{\"enabled\":\(r.chance(50))},\"parents\":[]}")
        }

        // A handful of account-wide rules, then per-principal / per-group grants on
        // folder subtrees: the shape the Permissions API produces (role assignments
        // and custom policies scoped to users, groups, API keys and folders).
        let globals = [
            "@id(\"locked-folders\")\nforbid(principal, action == Cloudinary::Action::\"delete\", resource is Cloudinary::Folder) when { resource.locked } unless { principal has role && principal.role == \"master_admin\" };",
            "@id(\"master-admin\")\npermit(principal is Cloudinary::User, action in Cloudinary::Action::\"all\", resource) when { principal has role && principal.role == \"master_admin\" && context.mfa };",
            "@id(\"owner-read\")\npermit(principal is Cloudinary::User, action == Cloudinary::Action::\"read\", resource is Cloudinary::Folder) when { resource.owner == principal && principal.active };",
            "@id(\"api-key-scopes\")\npermit(principal is Cloudinary::APIKey, action, resource is Cloudinary::Folder) when { principal.enabled && principal.scopes.contains(\"read\") && resource.owner == principal.owner };",
            "@id(\"features\")\npermit(principal is Cloudinary::User, action == Cloudinary::Action::\"read\", resource is Cloudinary::Feature) when { resource.enabled };",
        ]
        var pols: [String] = Array(globals.prefix(min(n, globals.count)))
        var i = pols.count
        while pols.count < n {
            let g = "Cloudinary::Group::\"g\(r.int(groups))\""
            let folder = "Cloudinary::Folder::\"f\(r.int(folders))\""
            let user = "Cloudinary::User::\"u\(r.int(users))\""
            let act = "Cloudinary::Action::\"\(actions[r.int(actions.count)])\""
            switch i % 5 {
            case 0: pols.append("@id(\"group-folder-\(i)\")\npermit(principal in \(g), action in [Cloudinary::Action::\"read\", Cloudinary::Action::\"share\"], resource in \(folder));")
            case 1: pols.append("permit(principal == \(user), action in Cloudinary::Action::\"manage\", resource is Cloudinary::Folder) when { resource.ancestor_ids.contains(\"f\(r.int(folders))\") };")
            case 2: pols.append("permit(principal == Cloudinary::APIKey::\"k\(r.int(keys))\", action == \(act), resource in \(folder)) when { principal.enabled };")
            case 3: pols.append("permit(principal in \(g), action == \(act), resource in \(folder)) when { context.ip.isInRange(ip(\"10.\(r.int(256)).0.0/16\")) };")
            default: pols.append("forbid(principal == \(user), action == Cloudinary::Action::\"delete\", resource in \(folder));")
            }
            i += 1
        }

        // Requests draw from their own generator so they are the same for every policy-set size.
        r = RNG(state: seed ^ 0x5EED_0F_4E9E57)
        var reqs: [String] = []
        for _ in 0..<requests {
            let principal = r.chance(80) ? uid("User", "u\(r.int(users))") : uid("APIKey", "k\(r.int(keys))")
            let resource = r.chance(95) ? uid("Folder", "f\(r.int(folders))") : uid("Feature", "feat\(r.int(features))")
            let action = uid("Action", actions[r.int(actions.count)])
            let ip = "10.\(r.int(256)).\(r.int(256)).\(r.int(256))"
            reqs.append("{\"principal\":\(principal),\"action\":\(action),\"resource\":\(resource),\"context\":{\"ip\":{\"__extn\":{\"fn\":\"ip\",\"arg\":\"\(ip)\"}},\"mfa\":\(r.chance(50))}}")
        }
        return BenchData(policiesText: pols.joined(separator: "\n") + "\n",
                         entitiesJSON: "[\n" + ents.joined(separator: ",\n") + "\n]\n",
                         requestLines: reqs)
    }
}
