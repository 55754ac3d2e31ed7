import Foundation
import GatehouseCore
import PostgresNIO

/// One table copied by `PostgresStore.importTables(from:)`: the rows the source holds and the rows the
/// target holds after the copy (the copy fails unless they are equal; both are reported for the operator).
public struct ImportedTable: Sendable, Hashable {
    public var name: String
    public var sourceRows: Int
    public var targetRows: Int
}

/// Why an import was refused or stopped; nothing was written when one is thrown.
public enum PostgresImportError: Error, CustomStringConvertible, Sendable {
    case targetHoldsAccount
    case targetNotEmpty(String)
    case unknownTable(String)
    case unknownColumn(table: String, column: String)
    case uncopiedColumn(table: String, column: String)
    case unexpectedValue(table: String, column: String, type: String, detail: String)
    case foreignKeyCycle([String])
    case countMismatch(table: String, source: Int, target: Int)
    case rejected(table: String, message: String)
    case refused(message: String)

    public var description: String {
        switch self {
        case .targetHoldsAccount:
            return "The target database already holds an account: migrate only into an empty database"
        case .targetNotEmpty(let table):
            return "The target database is not empty (table \(table) holds rows): migrate only into an empty database"
        case .unknownTable(let table):
            return "The source has a table \(table) that the PostgreSQL schema does not have"
        case .unknownColumn(let table, let column):
            return "The source has a column \(table).\(column) that the PostgreSQL schema does not have"
        case .uncopiedColumn(let table, let column):
            return "The PostgreSQL column \(table).\(column) has no source column and no default"
        case .unexpectedValue(let table, let column, let type, let detail):
            return "Cannot copy \(table).\(column) into a PostgreSQL \(type) column: \(detail)"
        case .foreignKeyCycle(let tables):
            return "The PostgreSQL tables \(tables.joined(separator: ", ")) reference each other in a cycle"
        case .countMismatch(let table, let source, let target):
            return "\(table): the source holds \(source) rows but the target \(target) after the copy"
        case .rejected(let table, let message):
            return "PostgreSQL refused the rows of \(table): \(message)"
        case .refused(let message):
            return "PostgreSQL refused the import: \(message)"
        }
    }
}

extension PostgresStore {
    /// Copies every table of `source` into this database, which must hold no data yet, in one write
    /// transaction: either everything is copied and every table's count matches, or nothing is.
    ///
    /// Values are copied as stored (hashes, the audit chain's bytes), converted only in representation
    /// by each target column's type, with the target's triggers off (the rows are the state the source's
    /// triggers kept). Returns the tables in the order they were copied.
    public func importTables(from source: any TableSource) async throws -> [ImportedTable] {
        try await write { writer in
            // Always the case: this store's writers are its transactions.
            guard let db = writer as? PostgresTransaction else { throw GatehouseError.corruptData("unexpected writer \(type(of: writer))") }
            do {
                return try PostgresImport(db: db, source: source).run()
            } catch let error as PSQLError where error.code == .server {
                // The server's own words (a missing privilege, say): PSQLError keeps them out of its description.
                throw PostgresImportError.refused(message: PostgresStoreError.describe(error))
            }
        }
    }
}

/// The copy itself, driven by the target's catalog (tables, column types, foreign keys), so a table added
/// to both schemas later is copied without code of its own.
struct PostgresImport {
    let db: PostgresTransaction
    let source: any TableSource

    /// PostgreSQL takes at most 65,535 binds per statement; staying well under keeps statements small.
    static let bindLimit = 30_000
    static let maxBatchRows = 1_000
    /// The target's bookkeeping, kept its own way.
    static let bookkeeping: Set<String> = ["gatehousemigration", "writegeneration"]
    /// Source tables whose target name differs (USER is reserved in PostgreSQL).
    static let renamed = ["user": "users"]

    struct Column {
        let name: String
        let type: String
        let identity: Bool
        let generated: Bool
        let hasDefault: Bool
    }

    struct Table {
        let name: String
        var columns: [Column]
    }

    func run() throws -> [ImportedTable] {
        let targets = try targetTables()
        try refuseData(in: targets)
        var plan: [String: (source: String, target: Table)] = [:]
        for name in try source.tableNames() {
            let targetName = Self.renamed[name] ?? name.lowercased()
            guard let target = targets[targetName] else { throw PostgresImportError.unknownTable(name) }
            plan[targetName] = (name, target)
        }
        var copied: [ImportedTable] = []
        for name in try foreignKeyOrder(Set(plan.keys)) {
            guard let entry = plan[name] else { continue }
            try copy(entry.source, into: entry.target)
            copied.append(ImportedTable(name: entry.source, sourceRows: try source.count(of: entry.source), targetRows: 0))
        }
        if plan["users"] != nil, plan["account"] != nil {
            // The copied counter is the source's; counted again from the copied users all the same, so the target
            // starts right even if the source's counter had drifted.
            try db.execute("""
                UPDATE account SET seatsUsed = (
                    SELECT COUNT(*) FROM users WHERE users.accountID = account.id AND users.status <> 'inactive')
                """)
        }
        let counts = try targetCounts(copied.map { Self.renamed[$0.name] ?? $0.name.lowercased() })
        for index in copied.indices {
            copied[index].targetRows = counts[index]
            if counts[index] != copied[index].sourceRows {
                throw PostgresImportError.countMismatch(table: copied[index].name, source: copied[index].sourceRows, target: counts[index])
            }
        }
        return copied
    }

    /// The current schema's tables and their columns, by lowercased name.
    private func targetTables() throws -> [String: Table] {
        let rows = try db.rows("""
            SELECT c.table_name::text AS tableName, c.column_name::text AS columnName, c.udt_name::text AS type,
                   c.is_identity::text = 'YES' AS isIdentity, c.is_generated::text = 'ALWAYS' AS isGenerated,
                   c.column_default IS NOT NULL AS hasDefault
            FROM information_schema.columns c
            JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
            WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'
            ORDER BY c.table_name, c.ordinal_position
            """)
        var tables: [String: Table] = [:]
        for row in rows {
            let table: String = try row.value("tableName")
            if Self.bookkeeping.contains(table) { continue }
            let column = Column(
                name: try row.value("columnName"), type: try row.value("type"), identity: try row.value("isIdentity"),
                generated: try row.value("isGenerated"), hasDefault: try row.value("hasDefault"))
            tables[table, default: Table(name: table, columns: [])].columns.append(column)
        }
        return tables
    }

    /// Refuses a target with any data: an account first (the common mistake: the wrong database URL).
    private func refuseData(in tables: [String: Table]) throws {
        if tables["account"] != nil, try db.row("SELECT 1 AS one FROM account LIMIT 1") != nil {
            throw PostgresImportError.targetHoldsAccount
        }
        let names = tables.keys.sorted()
        guard !names.isEmpty else { return }
        // Table names come from the catalog (quoted), the selected values are indexes: no text is spliced.
        let probes = names.enumerated().map { "SELECT \($0.offset) AS i WHERE EXISTS (SELECT 1 FROM \(Self.quoted($0.element)))" }
        if let row = try db.row(PostgresQuery(unsafeSQL: probes.joined(separator: " UNION ALL ") + " LIMIT 1")) {
            let index: Int32 = try row.value("i")
            throw PostgresImportError.targetNotEmpty(names[Int(index)])
        }
    }

    /// The tables in an order where every table comes after those its foreign keys point to (ties by name).
    private func foreignKeyOrder(_ tables: Set<String>) throws -> [String] {
        let rows = try db.rows("""
            SELECT child.relname::text AS child, parent.relname::text AS parent
            FROM pg_constraint c
            JOIN pg_class child ON child.oid = c.conrelid
            JOIN pg_class parent ON parent.oid = c.confrelid
            JOIN pg_namespace n ON n.oid = child.relnamespace
            WHERE c.contype = 'f' AND n.nspname = current_schema()
            """)
        var parents: [String: Set<String>] = [:]
        for row in rows {
            let child: String = try row.value("child")
            let parent: String = try row.value("parent")
            // A table referencing itself (a folder's parent) is copied in insertion order, parents first.
            if child != parent, tables.contains(child), tables.contains(parent) { parents[child, default: []].insert(parent) }
        }
        var ordered: [String] = []
        var placed: Set<String> = []
        var remaining = tables.sorted()
        while !remaining.isEmpty {
            let ready = remaining.filter { parents[$0, default: []].isSubset(of: placed) }
            if ready.isEmpty { throw PostgresImportError.foreignKeyCycle(remaining) }
            ordered += ready
            placed.formUnion(ready)
            remaining.removeAll { placed.contains($0) }
        }
        return ordered
    }

    private func copy(_ sourceName: String, into table: Table) throws {
        let byName = Dictionary(table.columns.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let sourceColumns = try source.columns(of: sourceName)
        var columns: [Column] = []
        for name in sourceColumns {
            guard let column = byName[name.lowercased()], !column.generated else {
                throw PostgresImportError.unknownColumn(table: sourceName, column: name)
            }
            columns.append(column)
        }
        let copiedNames = Set(columns.map(\.name))
        for column in table.columns where !copiedNames.contains(column.name) && !column.identity && !column.generated && !column.hasDefault {
            throw PostgresImportError.uncopiedColumn(table: table.name, column: column.name)
        }
        guard !columns.isEmpty else { return }
        let overriding = columns.contains(where: \.identity) ? " OVERRIDING SYSTEM VALUE" : ""
        let head = "INSERT INTO \(Self.quoted(table.name)) (\(columns.map { Self.quoted($0.name) }.joined(separator: ", ")))\(overriding) VALUES "
        let batchSize = min(Self.maxBatchRows, max(1, Self.bindLimit / columns.count))
        // The rows are state the source's own triggers already maintained, not operations to replay. The target's
        // triggers stay off for the copy (the seat counter's update of one account row per user is also quadratic in
        // one transaction: 45 s for 50,000 users instead of under 1 s); transactional, so a failed copy leaves them on.
        try db.execute(PostgresQuery(unsafeSQL: "ALTER TABLE \(Self.quoted(table.name)) DISABLE TRIGGER USER"))
        try source.rows(of: sourceName, batchSize: batchSize) { batch in
            var bindings = PostgresBindings(capacity: batch.count * columns.count)
            var tuples: [String] = []
            tuples.reserveCapacity(batch.count)
            for cells in batch {
                guard cells.count == columns.count else {
                    throw GatehouseError.corruptData("\(sourceName): a row has \(cells.count) values for \(columns.count) columns")
                }
                var placeholders: [String] = []
                for (index, cell) in cells.enumerated() {
                    try PostgresImportValue.bind(cell, as: columns[index].type, into: &bindings, table: sourceName, column: sourceColumns[index])
                    placeholders.append("$\(bindings.count)")
                }
                tuples.append("(" + placeholders.joined(separator: ", ") + ")")
            }
            do {
                try db.execute(PostgresQuery(unsafeSQL: head + tuples.joined(separator: ", "), binds: bindings))
            } catch let error as PSQLError where error.code == .server {
                // A constraint the source did not keep (or a row the schemas disagree on): say which.
                throw PostgresImportError.rejected(table: sourceName, message: PostgresStoreError.describe(error))
            }
        }
        try db.execute(PostgresQuery(unsafeSQL: "ALTER TABLE \(Self.quoted(table.name)) ENABLE TRIGGER USER"))
        // Copied identity values: the next generated one follows the largest.
        for column in columns where column.identity {
            try db.execute(PostgresQuery(unsafeSQL: """
                SELECT setval(pg_get_serial_sequence($1, $2),
                              (SELECT COALESCE(MAX(\(Self.quoted(column.name))), 0) FROM \(Self.quoted(table.name))) + 1, false)
                """, binds: Self.bindings(Self.quoted(table.name), column.name)))
        }
    }

    /// Every table's row count, in one statement.
    private func targetCounts(_ tables: [String]) throws -> [Int] {
        guard !tables.isEmpty else { return [] }
        let selects = tables.enumerated().map { "(SELECT COUNT(*) FROM \(Self.quoted($0.element))) AS c\($0.offset)" }
        guard let row = try db.row(PostgresQuery(unsafeSQL: "SELECT " + selects.joined(separator: ", "))) else { return [] }
        return try tables.indices.map { Int(try row.value("c\($0)", as: Int64.self)) }
    }

    private static func bindings(_ values: String...) -> PostgresBindings {
        var bindings = PostgresBindings()
        for value in values { bindings.append(value) }
        return bindings
    }

    /// A catalog name as an SQL identifier.
    static func quoted(_ name: String) -> String { "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
}
