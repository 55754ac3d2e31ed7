import Foundation
import GatehouseCore

/// Settings › Account Security in the Console, as a signed-in person: the **Require two-factor authentication**
/// toggle. Every person tries it (the owner, an Admin, a media-library user, a technical admin, a reports user);
/// only an account Master Admin may change it, and it touches nobody's standing. It is turned on seldom, since
/// while it is on a person without a second factor reaches only My Profile. (The Access explorer and Account
/// settings only read, with GET.)
extension WriteCallGenerators {
    static let accountPage: [String: Generate] = [
        "POST /console/security/two-factor": { rng, _, t in
            let fields = rng.chance(0.2) ? ["require_two_factor": "on"] : [:]
            return personCall("POST /console/security/two-factor", "/console/security/two-factor", fields, &rng, t)
        },
    ]
}
