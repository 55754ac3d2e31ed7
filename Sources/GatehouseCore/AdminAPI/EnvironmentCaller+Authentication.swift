extension EnvironmentCaller {
    /// Checks an environment API key and secret against the environment with this cloud name. A disabled
    /// key or environment, an unknown cloud name and a key of another environment all look the same (401).
    public static func authenticate(cloudName: String, apiKey: String, secret: String, in store: GuardedStore) async throws -> EnvironmentCaller {
        try await store.read { db in
            guard let environment = try db.environment(cloudName: cloudName), environment.enabled,
                  let key = try db.accessKey(apiKey: apiKey, subAccountID: environment.id), key.enabled,
                  constantTimeEqual(key.apiSecret, secret)
            else { throw GatehouseError.unauthenticated }
            return EnvironmentCaller(accountID: environment.accountID, environmentID: environment.id, apiKey: key.apiKey)
        }
    }

    /// Compares secrets without an early exit, so response timing says nothing about how much matched.
    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        var diff = UInt8(x.count == y.count ? 0 : 1)
        for i in 0..<max(x.count, y.count) { diff |= (i < x.count ? x[i] : 0) ^ (i < y.count ? y[i] : 0) }
        return diff == 0
    }
}
