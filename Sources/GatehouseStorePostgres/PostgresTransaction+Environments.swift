import Foundation
import GatehouseCore
import PostgresNIO

extension PostgresTransaction {
    func environment(id: String, accountID: String) throws -> ProductEnvironment? {
        try row("SELECT * FROM environment WHERE id = \(id) AND accountID = \(accountID)").map(Self.environment)
    }

    func environment(cloudName: String) throws -> ProductEnvironment? {
        try row("SELECT * FROM environment WHERE cloudName = \(cloudName)").map(Self.environment)
    }

    /// `ids` wins over the other filters. A filter left out is bound as NULL (`$n IS NULL OR …`), so every
    /// query is one fixed statement.
    func environments(_ query: EnvironmentQuery) throws -> [ProductEnvironment] {
        if !query.ids.isEmpty {
            return try rows("""
                SELECT * FROM environment WHERE accountID = \(query.accountID) AND id = ANY(\(query.ids)) ORDER BY createdAt, id
                """).map(Self.environment)
        }
        let cloudNames: [String]? = query.cloudNames.isEmpty ? nil : query.cloudNames
        let prefix = query.namePrefix.map { $0.lowercased() }.flatMap { $0.isEmpty ? nil : $0 }
        return try rows("""
            SELECT * FROM environment WHERE accountID = \(query.accountID)
                AND (\(cloudNames)::text[] IS NULL OR cloudName = ANY(\(cloudNames)::text[]))
                AND (\(prefix)::text IS NULL OR (nameKey >= \(prefix)::text AND nameKey < \(prefix.map { $0 + "\u{10FFFF}" })::text))
                AND (\(query.enabled)::boolean IS NULL OR enabled = \(query.enabled)::boolean)
            ORDER BY createdAt, id
            """).map(Self.environment)
    }

    func insert(_ environment: ProductEnvironment) throws {
        try execute("""
            INSERT INTO environment (id, accountID, name, nameKey, cloudName, description, enabled, customAttributes,
                                     baseSubAccountID, createdAt, updatedAt)
            VALUES (\(environment.id), \(environment.accountID), \(environment.name), \(environment.name.lowercased()),
                    \(environment.cloudName), \(environment.description), \(environment.enabled),
                    \(try Self.json(environment.customAttributes)), \(environment.baseSubAccountID),
                    \(environment.createdAt), \(environment.updatedAt))
            """)
    }

    func update(_ environment: ProductEnvironment) throws {
        let changed = try execute("""
            UPDATE environment SET accountID = \(environment.accountID), name = \(environment.name),
                nameKey = \(environment.name.lowercased()), cloudName = \(environment.cloudName),
                description = \(environment.description), enabled = \(environment.enabled),
                customAttributes = \(try Self.json(environment.customAttributes)), baseSubAccountID = \(environment.baseSubAccountID),
                createdAt = \(environment.createdAt), updatedAt = \(environment.updatedAt)
            WHERE id = \(environment.id)
            """)
        guard changed > 0 else { throw GatehouseError.notFound(kind: .subAccount, id: environment.id) }
    }

    /// Keys, folders, collections and users' access go with the environment (cascades); policies scoped to
    /// this environment alone are removed here (`scope_id: all` ones and account ones stay).
    func deleteEnvironment(id: String) throws {
        try execute("""
            WITH policies AS (DELETE FROM customPolicy WHERE scopeType = \(ScopeType.prodenv.rawValue) AND scopeID = \(id))
            DELETE FROM environment WHERE id = \(id)
            """)
    }

    static func environment(_ row: Row) throws -> ProductEnvironment {
        let attributes: String = try row.value("customAttributes")
        let customAttributes: [String: JSONValue]
        do {
            customAttributes = try JSONDecoder().decode([String: JSONValue].self, from: Data(attributes.utf8))
        } catch {
            throw GatehouseError.corruptData("environment.customAttributes is not a JSON object: \(error)")
        }
        return ProductEnvironment(
            id: try row.value("id"), accountID: try row.value("accountID"), name: try row.value("name"),
            cloudName: try row.value("cloudName"), description: try row.value("description"), enabled: try row.value("enabled"),
            customAttributes: customAttributes, baseSubAccountID: try row.value("baseSubAccountID"),
            createdAt: try row.value("createdAt"), updatedAt: try row.value("updatedAt"))
    }

    /// The JSON text SQLite's record writes (GRDB encodes with sorted keys).
    private static func json(_ attributes: [String: JSONValue]) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: try encoder.encode(attributes), as: UTF8.self)
    }
}
