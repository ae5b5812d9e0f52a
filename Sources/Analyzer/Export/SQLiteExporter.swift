import CSQLite
import TraceParser
#if canImport(Glibc)
import Glibc
#endif

/// SQLite: one table per event type, named after the event (`ext4_da_write_begin`), with
/// typed columns, plus an `event_types` table listing each type's system and row count.
///
///     CREATE TABLE "ext4_da_write_begin" (ts_ns INTEGER, cpu INTEGER, pid INTEGER, task TEXT,
///         line INTEGER, "dev" TEXT, "ino" INTEGER, "pos" INTEGER, "len" INTEGER);
///
/// Common columns: `ts_ns` (nanoseconds), `cpu`, `pid`, `task` (task name), `line` (text input,
/// 1-based; trace.dat: the record's index). Field columns are INTEGER where the first
/// occurrence decoded a number, TEXT where it decoded a string (flags, devices, callers); a
/// field a later event adds gets its column then (`ALTER TABLE ... ADD COLUMN`). A u64 above
/// 2^63-1 is stored as its two's-complement bit pattern (0xffffffffffffffff as -1), as SQLite
/// integers are signed 64-bit. A field named like a common column is prefixed with `field_`.
public struct SQLiteExporter: EventExporter {
    final class Handle {
        var db: OpaquePointer?
        deinit { sqlite3_close(db) }
    }

    struct Table {
        var name: String
        var system: String
        var columns: [String]
        var statement: OpaquePointer?
        var rows = 0
    }

    public let path: String
    private let handle = Handle()
    private var tables: [String: Table] = [:]

    static let commonColumns = ["ts_ns", "cpu", "pid", "task", "line"]

    public init(path: String) throws(AnalyzerError) {
        self.path = path
        unlink(path)
        var db: OpaquePointer?
        guard sqlite3_open(path, &db) == SQLITE_OK else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close(db)
            throw AnalyzerError(.sqlite, file: path, "cannot open: \(message)")
        }
        handle.db = db
        try exec("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; BEGIN;")
    }

    public mutating func write(_ e: TraceEvent) throws(AnalyzerError) {
        if tables[e.name] == nil { tables[e.name] = try createTable(for: e) }
        guard var table = tables[e.name] else { return }
        if e.fields.contains(where: { !table.columns.contains($0.name) }) { try addColumns(&table, for: e) }
        guard let stmt = table.statement else { return }
        sqlite3_reset(stmt)
        sqlite3_clear_bindings(stmt)
        sqlite3_bind_int64(stmt, 1, Int64(bitPattern: e.timestampNs))
        sqlite3_bind_int64(stmt, 2, Int64(e.cpu))
        sqlite3_bind_int64(stmt, 3, Int64(e.pid))
        bindText(stmt, 4, e.comm)
        switch e.position {
        case .line(let n), .record(let n), .offset(let n): sqlite3_bind_int64(stmt, 5, Int64(n))
        case .none: sqlite3_bind_null(stmt, 5)
        }
        for f in e.fields {
            guard let i = table.columns.firstIndex(of: f.name) else { continue }
            let slot = Int32(SQLiteExporter.commonColumns.count + i + 1)
            switch f.value {
            case .int(let v): sqlite3_bind_int64(stmt, slot, v)
            case .uint(let v): sqlite3_bind_int64(stmt, slot, Int64(bitPattern: v))
            case .string(let s): bindText(stmt, slot, s)
            }
        }
        guard sqlite3_step(stmt) == SQLITE_DONE else { throw error("insert into \(table.name)") }
        table.rows += 1
        tables[e.name] = table
    }

    public mutating func finish() throws(AnalyzerError) -> String {
        try exec("CREATE TABLE event_types (event TEXT PRIMARY KEY, system TEXT, table_name TEXT, rows INTEGER);")
        var rows = 0
        let count = tables.count
        for (event, t) in tables.sorted(by: { $0.key < $1.key }) {
            rows += t.rows
            try exec("INSERT INTO event_types VALUES (\(SQLiteExporter.literal(event)), \(SQLiteExporter.literal(t.system)), \(SQLiteExporter.literal(t.name)), \(t.rows));")
            sqlite3_finalize(t.statement)
        }
        tables.removeAll()
        try exec("COMMIT;")
        return "\(rows) rows in \(count) tables of \(path)"
    }

    private func createTable(for e: TraceEvent) throws(AnalyzerError) -> Table {
        let name = Identifier.sanitize(e.name)
        var defs = ["ts_ns INTEGER", "cpu INTEGER", "pid INTEGER", "task TEXT", "line INTEGER"]
        for f in e.fields { defs.append("\(SQLiteExporter.quoteIdentifier(SQLiteExporter.columnName(f.name))) \(SQLiteExporter.type(of: f.value))") }
        try exec("CREATE TABLE \(SQLiteExporter.quoteIdentifier(name)) (\(defs.joined(separator: ", ")));")
        var table = Table(name: name, system: e.system, columns: e.fields.map(\.name))
        table.statement = try prepareInsert(table)
        return table
    }

    private func addColumns(_ table: inout Table, for e: TraceEvent) throws(AnalyzerError) {
        for f in e.fields where !table.columns.contains(f.name) {
            try exec("ALTER TABLE \(SQLiteExporter.quoteIdentifier(table.name)) ADD COLUMN \(SQLiteExporter.quoteIdentifier(SQLiteExporter.columnName(f.name))) \(SQLiteExporter.type(of: f.value));")
            table.columns.append(f.name)
        }
        sqlite3_finalize(table.statement)
        table.statement = try prepareInsert(table)
    }

    private func prepareInsert(_ table: Table) throws(AnalyzerError) -> OpaquePointer? {
        let count = SQLiteExporter.commonColumns.count + table.columns.count
        let sql = "INSERT INTO \(SQLiteExporter.quoteIdentifier(table.name)) VALUES (\(Array(repeating: "?", count: count).joined(separator: ",")));"
        var stmt: OpaquePointer?
        guard sqlite3_prepare_v2(handle.db, sql, -1, &stmt, nil) == SQLITE_OK else { throw error("prepare \(sql)") }
        return stmt
    }

    private func exec(_ sql: String) throws(AnalyzerError) {
        guard sqlite3_exec(handle.db, sql, nil, nil, nil) == SQLITE_OK else { throw error(sql) }
    }

    private func bindText(_ stmt: OpaquePointer, _ slot: Int32, _ s: String) {
        // SQLITE_TRANSIENT: SQLite copies the bytes before this call returns.
        sqlite3_bind_text(stmt, slot, s, -1, unsafeBitCast(-1, to: sqlite3_destructor_type.self))
    }

    private func error(_ doing: String) -> AnalyzerError {
        AnalyzerError(.sqlite, file: path, "\(doing): \(String(cString: sqlite3_errmsg(handle.db)))")
    }

    static func columnName(_ field: String) -> String {
        commonColumns.contains(field) ? "field_" + field : field
    }

    static func type(of v: FieldValue) -> String {
        if case .string = v { return "TEXT" }
        return "INTEGER"
    }

    static func quoteIdentifier(_ s: String) -> String {
        "\"" + s.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\"\"") + "\""
    }

    static func literal(_ s: String) -> String {
        "'" + s.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "''") + "'"
    }
}
