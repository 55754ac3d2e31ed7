import GatehouseCore
import PostgresNIO

/// Why the PostgreSQL store cannot serve: said plainly at startup and in `/ready`'s answer.
public enum PostgresStoreError: Error, CustomStringConvertible, Sendable {
    /// The database URL cannot be used as given.
    case badURL(String)
    /// The database was set up by a newer Gatehouse: this binary does not know some of its migrations.
    case schemaTooNew([String])

    public var description: String {
        switch self {
        case .badURL(let text): return text
        case .schemaTooNew(let names):
            return "The database was set up by a newer Gatehouse (migrations this version does not know: \(names.joined(separator: ", "))); run that version or a newer one"
        }
    }

    /// An error's text with the server's own message when PostgreSQL sent one (PSQLError hides it from
    /// `description` so that it never reaches a client by accident).
    static func describe(_ error: any Error) -> String {
        guard let error = error as? PSQLError else { return "\(error)" }
        if let message = error.serverInfo?[.message] { return message }
        if let underlying = error.underlying { return "\(error.code): \(underlying)" }
        return "\(error.code)"
    }
}
