import TraceParser

/// CSV, one file per event type in an output directory: `ext4_da_write_begin.csv`, ...
///
///     ts,cpu,pid,task,line,dev,ino,pos,len,extra
///     2025.835773,1,3447,xfs_io,45,7:1,12,0,4096,
///
/// The common columns are `ts` (seconds as printed), `cpu`, `pid`, `task` (the task name),
/// and `line` (text input) or `record` (trace.dat); then the event's fields in the order its
/// first occurrence carried them. A field a later event of the same type adds goes to the
/// last column, `extra`, as `name=value` pairs separated by spaces. A field named like a
/// common column is prefixed with `field_`. Values containing a comma, quote or line break
/// are quoted RFC 4180 style.
public struct CSVExporter: EventExporter {
    struct Table {
        var file: OutputFile
        var name: String
        var columns: [String]
        /// Whether two columns share a name (a field printed twice): such rows take the slow path.
        var hasRepeatedColumn: Bool
        var rows = 0
    }

    public let directory: String
    var tables: [Table] = []
    /// Event names seen; a name's index is its table's.
    private var names = EventNameIndex()
    var row: [UInt8] = []
    /// Where a usual row is built before it is written (used within one call only).
    private let scratch = LineScratch(capacity: 64 << 10)

    static let commonColumns = ["ts", "cpu", "pid", "task", "line"]

    public init(directory: String) throws(AnalyzerError) {
        self.directory = directory
        try Directory.create(directory)
    }

    public mutating func write(_ e: TraceEvent) throws(AnalyzerError) {
        let t = try table(for: e)
        // The usual row (the event's fields are its table's columns, in order) is written
        // through a pointer (`LineWriter`), sized by an upper bound first; others below.
        if CSVExporter.fieldsMatch(e.fields, tables[t].columns, repeated: tables[t].hasRepeatedColumn) {
            var bound = 128 + e.comm.utf8.count * 2
            for f in e.fields {
                bound += 24
                if case .string(let s) = f.value { bound += s.utf8.count * 2 + 2 }
            }
            if bound <= scratch.capacity {
                var w = LineWriter(base: scratch.base)
                w.timestamp(e.timestampNs, digits: e.timestampDigits)
                w.byte(0x2C)
                w.int(Int64(e.cpu))
                w.byte(0x2C)
                w.int(Int64(e.pid))
                w.byte(0x2C)
                w.csvCell(e.comm)
                w.byte(0x2C)
                switch e.position {
                case .line(let n), .record(let n), .offset(let n): w.int(Int64(n))
                case .none: break
                }
                w.csvFieldCells(e.fields)
                try tables[t].file.write(raw: UnsafeRawBufferPointer(start: scratch.base, count: w.count))
                tables[t].rows += 1
                return
            }
        }
        row.removeAll(keepingCapacity: true)
        ByteFormat.appendTimestamp(e.timestampNs, digits: e.timestampDigits, to: &row)
        row.append(0x2C)
        ByteFormat.appendInt(Int64(e.cpu), to: &row)
        row.append(0x2C)
        ByteFormat.appendInt(Int64(e.pid), to: &row)
        row.append(0x2C)
        ByteFormat.appendCSVCell(e.comm, to: &row)
        row.append(0x2C)
        switch e.position {
        case .line(let n), .record(let n), .offset(let n): ByteFormat.appendInt(Int64(n), to: &row)
        case .none: break
        }
        if CSVExporter.fieldsMatch(e.fields, tables[t].columns, repeated: tables[t].hasRepeatedColumn) {
            // The usual row: the event's fields are its table's columns, in order.
            for f in e.fields {
                row.append(0x2C)
                if !ByteFormat.appendNumber(f.value, to: &row), case .string(let s) = f.value {
                    ByteFormat.appendCSVCell(s, to: &row)
                }
            }
            row.append(0x2C)
        } else {
            appendCellsByName(e.fields, tables[t])
        }
        row.append(0x0A)
        try tables[t].file.write(bytes: row)
        tables[t].rows += 1
    }

    /// The table of `e`'s event type, created with its header on the type's first event.
    private mutating func table(for e: TraceEvent) throws(AnalyzerError) -> Int {
        if let i = names.index(of: e.name) { return i }
        return try table(named: e.name, columns: e.fields.map(\.name))
    }

    /// The table of the event type `name`, created with its header from `columns` (the fields of
    /// the type's first event) when it is new.
    mutating func table(named name: String, columns: [String]) throws(AnalyzerError) -> Int {
        if let i = names.index(of: name) { return i }
        let file = try OutputFile(path: directory + "/" + Identifier.sanitize(name) + ".csv")
        let header = CSVExporter.commonColumns + columns.map(CSVExporter.columnName) + ["extra"]
        try file.write(header.joined(separator: ",") + "\n")
        tables.append(Table(file: file, name: name, columns: columns, hasRepeatedColumn: Set(columns).count != columns.count))
        return names.add(name)
    }

    static func fieldsMatch(_ fields: [EventField], _ columns: [String], repeated: Bool) -> Bool {
        guard fields.count == columns.count, !repeated else { return false }
        for (f, c) in zip(fields, columns) where f.name != c { return false }
        return true
    }

    /// A row whose fields differ from its table's columns: each column takes the field of its
    /// name (the last one, if printed twice), and the others go to `extra` as `name=value`.
    mutating func appendCellsByName(_ fields: [EventField], _ table: Table) {
        var extra: [String] = []
        var byName: [String: FieldValue] = [:]
        for f in fields {
            if table.columns.contains(f.name) { byName[f.name] = f.value } else { extra.append("\(f.name)=\(f.value)") }
        }
        for c in table.columns {
            row.append(0x2C)
            if let v = byName[c] { row.append(contentsOf: CSVExporter.quote(v.description).utf8) }
        }
        row.append(0x2C)
        row.append(contentsOf: CSVExporter.quote(extra.joined(separator: " ")).utf8)
    }

    /// Rows written so far, in every table.
    public var rowCount: Int { tables.reduce(0) { $0 + $1.rows } }

    public mutating func finish() throws(AnalyzerError) -> String {
        var rows = 0
        for t in tables { try t.file.flush(); rows += t.rows }
        return "\(rows) rows in \(tables.count) files under \(directory)"
    }

    static func columnName(_ field: String) -> String {
        commonColumns.contains(field) || field == "extra" || field == "record" ? "field_" + field : field
    }

    static func position(_ p: SourceLocation) -> String {
        switch p {
        case .line(let n), .record(let n), .offset(let n): return String(n)
        case .none: return ""
        }
    }

    static func quote(_ s: String) -> String { ByteFormat.csvQuoted(s) }
}
