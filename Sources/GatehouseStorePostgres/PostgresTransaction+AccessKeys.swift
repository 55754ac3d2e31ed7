import Foundation
import GatehouseCore
import PostgresNIO

extension PostgresTransaction {
    func accessKey(apiKey: String, subAccountID: String) throws -> AccessKey? {
        try row("SELECT * FROM accessKey WHERE apiKey = \(apiKey) AND subAccountID = \(subAccountID)").map(Self.accessKey)
    }

    func accessKey(apiKey: String) throws -> AccessKey? {
        try row("SELECT * FROM accessKey WHERE apiKey = \(apiKey)").map(Self.accessKey)
    }

    func accessKeys(subAccountID: String) throws -> [AccessKey] {
        try rows("SELECT * FROM accessKey WHERE subAccountID = \(subAccountID) ORDER BY seq").map(Self.accessKey)
    }

    /// One read: the total rides along each row of the page; an empty page (past the end) costs a second read.
    func accessKeys(_ query: AccessKeyQuery) throws -> (keys: [AccessKey], total: Int) {
        let direction = query.ascending ? "ASC" : "DESC"
        let column: String
        switch query.sortBy {
        case .apiKey: column = "apiKey \(direction)"
        case .createdAt: column = "seq \(direction)"
        // SQLite puts NULL first.
        case .name: column = "name \(direction) \(query.ascending ? "NULLS FIRST" : "NULLS LAST")"
        case .enabled: column = "enabled \(direction)"
        }
        // A negative size is no limit, a page beyond any count is empty (as SQLite).
        var limit: Int?, offset = 0
        if let size = query.pageSize, size >= 0 {
            let (product, overflow) = (max(query.page, 1) - 1).multipliedReportingOverflow(by: size)
            limit = size
            offset = overflow ? Int.max : product
        }
        let rows = try rows("""
            SELECT *, count(*) OVER () AS total FROM accessKey WHERE subAccountID = \(query.subAccountID)
            ORDER BY \(unescaped: column), seq ASC LIMIT \(limit) OFFSET \(offset)
            """)
        guard let first = rows.first else {
            let total = try row("SELECT count(*) AS total FROM accessKey WHERE subAccountID = \(query.subAccountID)")
            return ([], try total?.value("total", as: Int.self) ?? 0)
        }
        return (try rows.map(Self.accessKey), try first.value("total", as: Int.self))
    }

    func insert(_ key: AccessKey) throws {
        try execute("""
            INSERT INTO accessKey (apiKey, subAccountID, apiSecret, name, enabled, dedicatedForWebhooks, createdAt, updatedAt)
            VALUES (\(key.apiKey), \(key.subAccountID), \(key.apiSecret), \(key.name), \(key.enabled), \(key.dedicatedForWebhooks),
                    \(key.createdAt), \(key.updatedAt))
            """)
    }

    func update(_ key: AccessKey) throws {
        try execute("""
            UPDATE accessKey SET apiSecret = \(key.apiSecret), name = \(key.name), enabled = \(key.enabled),
                dedicatedForWebhooks = \(key.dedicatedForWebhooks), updatedAt = \(key.updatedAt)
            WHERE apiKey = \(key.apiKey)
            """)
    }

    func deleteAccessKey(apiKey: String, subAccountID: String) throws {
        try execute("DELETE FROM accessKey WHERE apiKey = \(apiKey) AND subAccountID = \(subAccountID)")
    }

    static func accessKey(_ row: Row) throws -> AccessKey {
        AccessKey(
            apiKey: try row.value("apiKey"), apiSecret: try row.value("apiSecret"), subAccountID: try row.value("subAccountID"),
            name: try row.value("name"), enabled: try row.value("enabled"), dedicatedForWebhooks: try row.value("dedicatedForWebhooks"),
            createdAt: try row.value("createdAt"), updatedAt: try row.value("updatedAt"))
    }
}
