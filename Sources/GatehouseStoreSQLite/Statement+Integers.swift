import GRDB
import GRDBSQLite

extension Statement {
    /// The first row's first `count` columns as integers (NULL as 0), the text arguments bound and the row read
    /// with SQLite's own calls: for the stamps read every request makes, GRDB's argument and row machinery
    /// cost as much as the query itself.
    func firstIntegers(binding texts: [String], count: Int) throws -> [Int64]? {
        let statement = sqliteStatement
        sqlite3_reset(statement)
        defer { sqlite3_reset(statement) }
        func failure(_ code: Int32) -> DatabaseError {
            DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(sqlite3_db_handle(statement))), sql: sql)
        }
        // SQLITE_TRANSIENT: SQLite copies the text, which lives only for the call.
        let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
        for (index, text) in texts.enumerated() {
            let code = sqlite3_bind_text(statement, Int32(index + 1), text, -1, transient)
            guard code == SQLITE_OK else { throw failure(code) }
        }
        switch sqlite3_step(statement) {
        case SQLITE_ROW: return (0..<count).map { sqlite3_column_int64(statement, Int32($0)) }
        case SQLITE_DONE: return nil
        case let code: throw failure(code)
        }
    }
}
