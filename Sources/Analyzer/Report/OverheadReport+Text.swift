import TraceParser

extension OverheadReport {
    /// At most this many inodes get a column in the text report (the busiest); JSON lists all.
    public static let textInodeColumns = 6

    /// The inodes shown as columns: the busiest by bytes moved, then by mapping calls, in
    /// inode order.
    public var busiestInodes: [InodeReport] {
        let ranked = inodes.sorted {
            ($0.writes.bytes + $0.reads.bytes, $0.allMapping.mappingCalls + $0.allMapping.esLookups, $1.ino ?? 0)
                > ($1.writes.bytes + $1.reads.bytes, $1.allMapping.mappingCalls + $1.allMapping.esLookups, $0.ino ?? 0)
        }
        return ranked.prefix(OverheadReport.textInodeColumns).sorted { ($0.ino ?? 0) < ($1.ino ?? 0) }
    }

    /// The human-readable report: a header, a metric × inode table, journal and block I/O,
    /// latency percentiles and histograms.
    public func text() -> String {
        var out = "ext4trace report: \(source)\n"
        out += headline() + "\n\n"
        let shown = busiestInodes
        var table = TextTable(header: ["per inode"] + shown.map { columnLabel($0) } + ["total"])
        let columns = shown.map { metrics(of: $0) } + [metrics(of: total)]
        let keys = orderedKeys(columns)
        for key in keys {
            let cells = columns.map { col in col.first { $0.key == key }?.text ?? "-" }
            let label = columns.lazy.compactMap { $0.first { $0.key == key }?.label }.first ?? key
            table.add([label] + cells)
        }
        out += table.render()
        if inodes.count > shown.count {
            out += "(\(inodes.count - shown.count) quieter inodes not shown; --format json lists all \(inodes.count))\n"
        }
        out += sizeLines()
        out += "\njournal and block I/O\n"
        var global = TextTable(header: ["metric", "value"])
        for m in globalMetrics { global.add([m.label, m.text]) }
        out += global.render()
        out += "journal area: \(blockIO.journalArea)"
        if let s = blockIO.journalStartSector, let n = blockIO.journalSectors { out += " (sectors \(s)..<\(s + n))" }
        out += "\n"
        out += taskText()
        out += latencyText()
        return out
    }

    func headline() -> String {
        var s = "\(events) events"
        if let a = firstTimestampNs, let b = lastTimestampNs, b >= a {
            s += " over \(formatDecimal(Double(b - a) / 1e9, digits: 6)) s"
        }
        let calls = syscalls.sorted { $0.key < $1.key }.map { "\($0.key.rawValue) \($0.value)" }
        if !calls.isEmpty { s += "; syscalls: " + calls.joined(separator: ", ") }
        if unattributedSyscalls > 0 { s += " (\(unattributedSyscalls) reads/writes touched no inode of this filesystem)" }
        s += "\nper MiB = per MiB moved by pwrite64 + pread64 (\(formatDecimal(ioMebibytes, digits: 3)) MiB)"
        return s
    }

    /// `ino 12`, or for ext4's reserved inodes `ino 2 (root)`, `ino 8 (journal)`
    /// (`EXT4_ROOT_INO`, `EXT4_JOURNAL_INO`).
    public func columnLabel(_ i: InodeReport) -> String {
        let ino = i.ino ?? 0
        guard geometry?.kind != .xfs else { return "ino \(ino)" }
        switch ino {
        case 2: return "ino 2 (root)"
        case 8: return "ino 8 (journal)"
        default: return "ino \(ino)"
        }
    }

    /// Keys in first-seen order across columns (handle types differ between inodes).
    func orderedKeys(_ columns: [[Metric]]) -> [String] {
        var seen = Set<String>(), keys: [String] = []
        for col in columns.reversed() { for m in col where seen.insert(m.key).inserted { keys.append(m.key) } }
        return keys
    }

    /// `write sizes, ino 12: 4096 B × 8, 6144 B × 1` for each inode with calls.
    func sizeLines() -> String {
        var out = ""
        for i in inodes {
            for (name, sizes) in [("write", i.writes), ("read", i.reads)] where sizes.calls > 0 {
                let parts = sizes.bySize.sorted { $0.key < $1.key }.map { "\($0.key) B × \($0.value)" }
                out += "\(name) sizes, ino \(i.ino ?? 0): " + parts.joined(separator: ", ") + "\n"
            }
        }
        return out
    }

    func taskText() -> String {
        guard !tasks.isEmpty else { return "" }
        var table = TextTable(header: ["task", "pid", "events"])
        for t in tasks.prefix(10) { table.add([t.comm, String(t.pid), String(t.events)]) }
        var out = "\nbusiest tasks\n" + table.render()
        if tasks.count > 10 { out += "(\(tasks.count - 10) more)\n" }
        return out
    }

    func latencyText() -> String {
        guard !latencies.isEmpty || !commitPhasesMs.isEmpty else { return "" }
        var out = "\nlatency (enter → exit per task; jbd2_commit by transaction)\n"
        var table = TextTable(header: ["operation", "calls", "p50", "p90", "p99", "max"])
        for name in latencyNames {
            guard let d = latencies[name] else { continue }
            table.add([name, String(d.count)] + [50.0, 90, 99].map { Metric.formatNanoseconds(Double(d.percentile($0))) }
                      + [Metric.formatNanoseconds(Double(d.max))])
        }
        for phase in CommitRecord.phaseNames {
            guard let d = commitPhasesMs[phase], d.count > 0 else { continue }
            table.add(["jbd2 \(phase) (run_stats)", String(d.count)] + [50.0, 90, 99].map { "\(d.percentile($0)) ms" } + ["\(d.max) ms"])
        }
        out += table.render()
        for name in latencyNames {
            guard let d = latencies[name], d.count > 1 else { continue }
            out += "\n\(name) (\(d.count) calls)\n" + histogramText(d)
        }
        return out
    }

    func histogramText(_ d: Distribution) -> String {
        let buckets = d.histogram()
        let most = max(1, buckets.map(\.count).max() ?? 1)
        let labels = buckets.map { "  [\(Metric.formatNanoseconds(Double($0.lowerBound))), \(Metric.formatNanoseconds(Double($0.upperBound))))" }
        let labelWidth = labels.map(\.count).max() ?? 0
        let countWidth = buckets.map { String($0.count).count }.max() ?? 0
        var out = ""
        for (b, label) in zip(buckets, labels) {
            let count = String(b.count)
            let bar = String(repeating: "#", count: b.count == 0 ? 0 : max(1, b.count * 40 / most))
            out += label + String(repeating: " ", count: labelWidth - label.count + 2)
                + String(repeating: " ", count: countWidth - count.count) + count + " " + bar + "\n"
        }
        return out
    }
}
