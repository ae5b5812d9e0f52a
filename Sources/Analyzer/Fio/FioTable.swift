import TraceParser

/// Several fio runs as the series' cover letter lays them out: one table per read/write
/// kind, one row per block size, each run's MiB/s side by side, and each later run's ratio to
/// the first.
///
///     write
///     bs    ext4-tmp  tmpfs-shm  tmpfs-shm/ext4-tmp
///     4k       161.6      888.9                5.50
public struct FioTable: Sendable {
    public struct Row: Sendable, Equatable {
        public var blockSize: UInt64
        /// MiB/s per run, nil where the run has no such job.
        public var mebibytesPerSecond: [Double?]
    }

    public struct Section: Sendable, Equatable {
        public var kind: String
        public var rows: [Row]
    }

    public var runs: [String]
    public var sections: [Section]

    public init(runs: [FioRun]) {
        self.runs = runs.map(\.name)
        var kinds: [String] = []
        for run in runs { for r in run.results where !kinds.contains(r.kind) { kinds.append(r.kind) } }
        sections = kinds.map { kind in
            let sizes = Set(runs.flatMap { $0.results.filter { $0.kind == kind }.map(\.blockSize) }).sorted()
            return Section(kind: kind, rows: sizes.map { bs in
                Row(blockSize: bs, mebibytesPerSecond: runs.map { run in
                    run.results.first { $0.kind == kind && $0.blockSize == bs }?.mebibytesPerSecond
                })
            })
        }
    }

    /// `4096` → `4k`, `1048576` → `1m`, `1536` → `1536`.
    public static func sizeLabel(_ bytes: UInt64) -> String {
        for (shift, unit) in [(30, "g"), (20, "m"), (10, "k")] where bytes >= 1 << shift && bytes % (1 << shift) == 0 {
            return "\(bytes >> shift)\(unit)"
        }
        return String(bytes)
    }

    public func text() -> String {
        var out = ""
        for section in sections {
            var header = ["bs"] + runs.map { "\($0) MiB/s" }
            for run in runs.dropFirst() { header.append("\(run)/\(runs[0])") }
            var table = TextTable(header: header)
            for row in section.rows {
                var cells = [FioTable.sizeLabel(row.blockSize)] + row.mebibytesPerSecond.map { $0.map { formatDecimal($0, digits: 1) } ?? "-" }
                for v in row.mebibytesPerSecond.dropFirst() {
                    if let v, let base = row.mebibytesPerSecond[0], base > 0 { cells.append(formatDecimal(v / base, digits: 2)) } else { cells.append("-") }
                }
                table.add(cells)
            }
            out += (out.isEmpty ? "" : "\n") + section.kind + "\n" + table.render()
        }
        return out
    }

    /// `{"runs": [...], "tables": [{"kind", "rows": [{"bs", "mib_s": [..], "ratio": [..]}]}]}`.
    public func json() -> String {
        var w = JSONWriter()
        w.objectStart()
        w.key("runs"); w.arrayStart(); for r in runs { w.string(r) }; w.arrayEnd()
        w.key("tables"); w.arrayStart()
        for section in sections {
            w.objectStart()
            w.key("kind"); w.string(section.kind)
            w.key("rows"); w.arrayStart()
            for row in section.rows {
                w.objectStart()
                w.key("bs"); w.int(row.blockSize)
                w.key("mib_s"); w.arrayStart()
                for v in row.mebibytesPerSecond { if let v { w.double(v, digits: 3) } else { w.null() } }
                w.arrayEnd()
                w.key("ratio"); w.arrayStart()
                for v in row.mebibytesPerSecond.dropFirst() {
                    if let v, let base = row.mebibytesPerSecond[0], base > 0 { w.double(v / base, digits: 4) } else { w.null() }
                }
                w.arrayEnd()
                w.objectEnd()
            }
            w.arrayEnd()
            w.objectEnd()
        }
        w.arrayEnd()
        w.objectEnd()
        return String(decoding: w.bytes, as: UTF8.self)
    }
}
