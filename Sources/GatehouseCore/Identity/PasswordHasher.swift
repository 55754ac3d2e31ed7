import HummingbirdBcrypt

/// bcrypt, on its own few threads: hashing is deliberately slow C code that must never run on an event
/// loop. When every slot is taken the caller gets a 429 instead of a queue without end.
public struct PasswordHasher: Sendable {
    public let cost: UInt8
    let pool: CPUWorkPool

    public init(cost: Int, pool: CPUWorkPool) {
        self.cost = UInt8(clamping: cost)
        self.pool = pool
    }

    public func hash(_ password: String) async throws -> String {
        let cost = self.cost
        return try await run { Bcrypt.hash(password, cost: cost) }
    }

    public func verify(_ password: String, hash: String) async throws -> Bool {
        try await run { Bcrypt.verify(password, hash: hash) }
    }

    /// A hash of a password nobody has, verified against when the email is unknown so that a wrong email
    /// takes as long as a wrong password.
    public func dummyHash() async throws -> String { try await hash("no user has this password \(SecretToken.make())") }

    private func run<T: Sendable>(_ job: @escaping @Sendable () -> T) async throws -> T {
        do {
            return try await pool.run(job)
        } catch is CPUWorkPool.Busy {
            throw GatehouseError.tooManyAttempts("The server is busy signing people in; try again in a moment")
        }
    }
}
