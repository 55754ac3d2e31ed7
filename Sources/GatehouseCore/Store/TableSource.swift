/// One stored value as the embedded store keeps it (SQLite's storage classes). A copy between stores goes
/// through these, so a table added later is copied without code of its own.
public enum StoredCell: Sendable, Hashable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])
}

/// The tables of a store as plain rows, to copy them into another store (`gatehouse migrate`).
///
/// Rows come in insertion order (SQLite's rowid), which is the order the readers of some tables rely on
/// (the audit chain, memberships), so the target's own insertion order keeps it.
public protocol TableSource: Sendable {
    /// The tables holding data, without the store's bookkeeping (its migration list, its counters).
    func tableNames() throws -> [String]

    /// The table's columns, in the order each row's cells come.
    func columns(of table: String) throws -> [String]

    /// How many rows the table holds.
    func count(of table: String) throws -> Int

    /// Calls `body` with the table's rows in insertion order, at most `batchSize` at a time, so a large
    /// table is never held in memory at once.
    func rows(of table: String, batchSize: Int, _ body: ([[StoredCell]]) throws -> Void) throws
}
