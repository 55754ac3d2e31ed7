import Foundation
import NIOSSL
import PostgresNIO

/// Where the database is and how to talk to it, from a `postgres://user:password@host:port/database` URL.
/// Query parameters: `sslmode` (`disable`, the default; `prefer`; `require`), `pool` (connections per
/// server, default 10), `connect_timeout` (seconds, default 5) and `statement_timeout` (milliseconds,
/// default 30000: a statement that runs longer is cancelled by the server and its request fails).
public struct PostgresSettings: Sendable {
    public var configuration: PostgresConnection.Configuration
    public var poolSize: Int
    public var connectTimeoutSeconds: Int64
    /// How long a statement may go unanswered before its connection counts as lost: the statement
    /// timeout, plus time for the server's own cancellation to arrive.
    public var answerTimeout: TimeAmount
    /// The URL without its password, for messages and logs.
    public var redactedURL: String

    public init(url text: String) throws {
        guard let url = URLComponents(string: text), ["postgres", "postgresql"].contains(url.scheme ?? ""),
            let host = url.host, !host.isEmpty
        else {
            throw PostgresStoreError.badURL("The database URL must look like postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE")
        }
        let parameters = Dictionary((url.queryItems ?? []).map { ($0.name, $0.value ?? "") }) { _, last in last }
        let known: Set = ["sslmode", "pool", "connect_timeout", "statement_timeout"]
        if let unknown = parameters.keys.sorted().first(where: { !known.contains($0) }) {
            throw PostgresStoreError.badURL("The database URL has a parameter Gatehouse does not know: \(unknown) (known: \(known.sorted().joined(separator: ", ")))")
        }
        func number(_ name: String, default value: Int, in range: ClosedRange<Int>) throws -> Int {
            guard let text = parameters[name] else { return value }
            guard let n = Int(text), range.contains(n) else {
                throw PostgresStoreError.badURL("The database URL's \(name) must be a whole number from \(range.lowerBound) to \(range.upperBound)")
            }
            return n
        }
        let tls: PostgresConnection.Configuration.TLS
        switch parameters["sslmode"] ?? "disable" {
        case "disable": tls = .disable
        case "prefer": tls = .prefer(try NIOSSLContext(configuration: .makeClientConfiguration()))
        case "require": tls = .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
        case let other: throw PostgresStoreError.badURL("The database URL's sslmode must be disable, prefer or require, not \(other)")
        }
        let database = String(url.path.drop { $0 == "/" })
        configuration = PostgresConnection.Configuration(
            host: host, port: url.port ?? 5432, username: url.user ?? "postgres", password: url.password,
            database: database.isEmpty ? nil : database, tls: tls)
        poolSize = try number("pool", default: 10, in: 1...200)
        connectTimeoutSeconds = Int64(try number("connect_timeout", default: 5, in: 1...300))
        configuration.options.connectTimeout = .seconds(connectTimeoutSeconds)
        let statementTimeout = try number("statement_timeout", default: 30_000, in: 100...3_600_000)
        configuration.options.additionalStartupParameters = [("statement_timeout", String(statementTimeout))]
        answerTimeout = .milliseconds(Int64(statementTimeout) + 10_000)
        var shown = url
        if shown.password != nil { shown.password = "***" }
        shown.query = nil
        redactedURL = shown.string ?? "postgres://\(host)"
    }
}
