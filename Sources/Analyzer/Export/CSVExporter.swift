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
    struct Table { var file: OutputFile; var columns: [String]; var rows = 0 }

    public let directory: String
    private var tables: [String: Table] = [:]

    static let commonColumns = ["ts", "cpu", "pid", "task", "line"]

    public init(directory: String) throws(AnalyzerError) {
        self.directory = directory
        try Directory.create(directory)
    }

    public mutating func write(_ e: TraceEvent) throws(AnalyzerError) {
        if tables[e.name] == nil {
            let file = try OutputFile(path: directory + "/" + Identifier.sanitize(e.name) + ".csv")
            let columns = e.fields.map(\.name)
            let header = CSVExporter.commonColumns + columns.map(CSVExporter.columnName) + ["extra"]
            try file.write(header.joined(separator: ",") + "\n")
            tables[e.name] = Table(file: file, columns: columns)
        }
        guard var table = tables[e.name] else { return }
        var cells = [e.timestampText, String(e.cpu), String(e.pid), CSVExporter.quote(e.comm), CSVExporter.position(e.position)]
        var extra: [String] = []
        var byName: [String: FieldValue] = [:]
        for f in e.fields {
            if table.columns.contains(f.name) { byName[f.name] = f.value } else { extra.append("\(f.name)=\(f.value)") }
        }
        for c in table.columns { cells.append(byName[c].map { CSVExporter.quote($0.description) } ?? "") }
        cells.append(CSVExporter.quote(extra.joined(separator: " ")))
        try table.file.write(cells.joined(separator: ",") + "\n")
        table.rows += 1
        tables[e.name] = table
    }

    public mutating func finish() throws(AnalyzerError) -> String {
        var rows = 0
        for (_, t) in tables { try t.file.flush(); rows += t.rows }
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

    static func quote(_ s: String) -> String {
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
        var out = "\""
        for c in s { out += c == "\"" ? "\"\"" : String(c) }
        return out + "\""
    }
}
