import ReferenceFS
import TraceParser

/// One model's figures, as `model` compares them.
struct ModelColumn {
    var name: String
    var writes: Int
    var mebibytes: Double
    /// Block-mapping calls on the write path (iomap: `->iomap_begin`; buffer_head: blocks
    /// mapped by `ext4_da_get_block_prep`).
    var writeMapCalls: Int
    var writebackMapCalls: Int
    var handlesByType: [Int: Int]
    var credits: Int
    var commits: Int
    var blocksLogged: Int
    var conversions: Int

    init(_ r: ReplayResult, workload: ObservedKernel) {
        name = r.model
        writes = workload.pwrites
        mebibytes = Double(workload.bytesWritten) / 1_048_576
        let c = r.counters
        writeMapCalls = r.model == "buffer_head"
            ? max(0, c.mapBlocksCalls - c.writebackMapCalls - c.unwrittenConversions)
            : c.iomapBeginCalls
        writebackMapCalls = c.writebackMapCalls
        handlesByType = Dictionary(uniqueKeysWithValues: r.handlesByType.map { ($0.key.rawValue, $0.value) })
        credits = r.creditsRequested
        commits = r.commits
        blocksLogged = r.blocksLogged
        conversions = c.unwrittenConversions
    }

    init(observed o: ObservedKernel) {
        name = "capture"
        writes = o.pwrites
        mebibytes = Double(o.bytesWritten) / 1_048_576
        writeMapCalls = o.delayedInserts
        writebackMapCalls = o.daExtents
        handlesByType = o.handlesByType
        credits = o.credits
        commits = o.commits
        blocksLogged = o.blocksLogged
        conversions = o.conversions
    }

    var handles: Int { handlesByType.values.reduce(0, +) }
    var isIomapLike: Bool { name == "iomap" || name == "delaymap" }
    func perMiB(_ v: Int) -> Double { mebibytes > 0 ? Double(v) / mebibytes : 0 }
    func perWrite(_ v: Int) -> Double { writes > 0 ? Double(v) / Double(writes) : 0 }
}

/// The side-by-side table, with a one-line explanation under each large difference.
struct ModelComparison {
    var columns: [ModelColumn]

    struct Row {
        var label: String
        var values: [Double]
        var integral: Bool
        var explain: ((ModelColumn, ModelColumn) -> String?)? = nil
    }

    var rows: [Row] {
        let types = Set(columns.flatMap { $0.handlesByType.keys }).sorted()
        var rows: [Row] = [
            Row(label: "writes", values: columns.map { Double($0.writes) }, integral: true),
            Row(label: "MiB written", values: columns.map(\.mebibytes), integral: false),
            Row(label: "write mapping calls", values: columns.map { Double($0.writeMapCalls) }, integral: true,
                explain: { a, b in ModelComparison.explainWriteMapping(a, b) }),
            Row(label: "  per write", values: columns.map { $0.perWrite($0.writeMapCalls) }, integral: false),
            Row(label: "  per MiB", values: columns.map { $0.perMiB($0.writeMapCalls) }, integral: false),
            Row(label: "writeback mapping calls", values: columns.map { Double($0.writebackMapCalls) }, integral: true),
            Row(label: "journal handles per MiB", values: columns.map { $0.perMiB($0.handles) }, integral: false,
                explain: { a, b in ModelComparison.explainHandles(a, b) }),
        ]
        for t in types {
            let values: [Double] = columns.map { c in Double(c.handlesByType[t] ?? 0) }
            var explain: ((ModelColumn, ModelColumn) -> String?)? = nil
            if t == 11 { explain = { a, b in ModelComparison.explainConversion(a, b) } }
            rows.append(Row(label: "  type \(t) (\(Self.typeName(t)))", values: values, integral: true, explain: explain))
        }
        rows += [
            Row(label: "credits requested", values: columns.map { Double($0.credits) }, integral: true,
                explain: { a, b in ModelComparison.explainCredits(a, b) }),
            Row(label: "commits", values: columns.map { Double($0.commits) }, integral: true),
            Row(label: "journal blocks logged", values: columns.map { Double($0.blocksLogged) }, integral: true),
            Row(label: "  per MiB", values: columns.map { $0.perMiB($0.blocksLogged) }, integral: false),
            Row(label: "unwritten conversions", values: columns.map { Double($0.conversions) }, integral: true),
        ]
        return rows
    }

    static func typeName(_ t: Int) -> String {
        ["misc", "inode", "write_page", "map_blocks", "dir", "truncate", "quota", "resize", "migrate",
         "move_extents", "xattr", "ext_convert"][safe: t] ?? "?"
    }

    static func explainWriteMapping(_ a: ModelColumn, _ b: ModelColumn) -> String? {
        guard a.writes > 0, a.writeMapCalls > 0, b.writeMapCalls > 0 else { return nil }
        let blocksPerCall = a.writeMapCalls > 0 ? Double(b.writeMapCalls) / Double(a.writeMapCalls) : 0
        if b.isIomapLike && !a.isIomapLike {
            if b.writeMapCalls > a.writeMapCalls {
                return "\(b.name) maps on every write (\(fmt(b.perWrite(b.writeMapCalls))) per write, \(fmt(blocksPerCall)) per block); buffer_head maps once per block (\(a.writeMapCalls) blocks)"
            }
            return "\(b.name) maps a whole write in one call (\(fmt(b.perWrite(b.writeMapCalls))) per write); buffer_head maps every block (\(fmt(a.perWrite(a.writeMapCalls))) per write)"
        }
        return nil
    }

    static func explainHandles(_ a: ModelColumn, _ b: ModelColumn) -> String? {
        if b.name == "delaymap", a.name != "delaymap", a.handles > b.handles {
            return "delaymap takes one handle per extent at I/O completion, not an allocation handle at writeback and a conversion handle at completion"
        }
        return nil
    }

    static func explainCredits(_ a: ModelColumn, _ b: ModelColumn) -> String? {
        let ca = a.handlesByType[11] ?? 0, cb = b.handlesByType[11] ?? 0
        if b.name == "iomap", a.name == "buffer_head" || a.name == "capture", cb > 0, ca > 0, b.credits > a.credits {
            return "iomap's conversion handles ask ext4_chunk_trans_blocks (30 credits); buffer_head's reserved ones ask 18"
        }
        if b.name == "delaymap", a.credits > b.credits {
            return "delaymap asks credits once per extent, at completion (\(b.credits) vs \(a.credits) for \(a.name == "capture" ? "the captured kernel" : a.name))"
        }
        return nil
    }

    static func explainConversion(_ a: ModelColumn, _ b: ModelColumn) -> String? {
        let x = a.handlesByType[11] ?? 0, y = b.handlesByType[11] ?? 0
        if x > 0 && y == 0 { return "\(b.name) inserts written extents at I/O completion: no unwritten extent, no conversion handle" }
        if y > 0 && x == 0 { return "\(b.name) allocates unwritten extents and converts them at I/O completion (type 11)" }
        return nil
    }

    static func fmt(_ v: Double) -> String { formatDecimal(v, digits: 2) }

    /// A difference is large when the values differ by more than 25 % and by at least 2.
    static func large(_ a: Double, _ b: Double) -> Bool {
        abs(a - b) >= 2 && abs(a - b) > 0.25 * max(abs(a), abs(b))
    }

    func text() -> String {
        let width = 28
        var out = "".padding(width) + columns.map { $0.name.leftPadding(12) }.joined() + "\n"
        for row in rows {
            out += row.label.padding(width)
            out += row.values.map { (row.integral ? String(Int($0)) : Self.fmt($0)).leftPadding(12) }.joined() + "\n"
            guard let explain = row.explain else { continue }
            var said = Set<String>()
            // One line per model that differs: against the first column it differs from.
            for j in columns.indices {
                for i in columns.indices where i < j && Self.large(row.values[i], row.values[j]) {
                    guard let line = explain(columns[i], columns[j]) ?? explain(columns[j], columns[i]) else { continue }
                    if said.insert(line).inserted { out += "    ↳ " + line + "\n" }
                    break
                }
            }
        }
        return out
    }

    func json() -> String {
        var w = JSONWriter()
        w.objectStart()
        w.key("models"); w.arrayStart()
        for c in columns {
            w.objectStart()
            w.key("model"); w.string(c.name)
            w.key("writes"); w.int(c.writes)
            w.key("mib_written"); w.double(c.mebibytes)
            w.key("write_mapping_calls"); w.int(c.writeMapCalls)
            w.key("write_mapping_calls_per_write"); w.double(c.perWrite(c.writeMapCalls))
            w.key("write_mapping_calls_per_mib"); w.double(c.perMiB(c.writeMapCalls))
            w.key("writeback_mapping_calls"); w.int(c.writebackMapCalls)
            w.key("handles"); w.int(c.handles)
            w.key("handles_per_mib"); w.double(c.perMiB(c.handles))
            w.key("handles_by_type"); w.objectStart()
            for (t, n) in c.handlesByType.sorted(by: { $0.key < $1.key }) { w.key(String(t)); w.int(n) }
            w.objectEnd()
            w.key("handles_per_mib_by_type"); w.objectStart()
            for (t, n) in c.handlesByType.sorted(by: { $0.key < $1.key }) { w.key(String(t)); w.double(c.perMiB(n)) }
            w.objectEnd()
            w.key("credits_requested"); w.int(c.credits)
            w.key("commits"); w.int(c.commits)
            w.key("blocks_logged"); w.int(c.blocksLogged)
            w.key("blocks_logged_per_mib"); w.double(c.perMiB(c.blocksLogged))
            w.key("unwritten_conversions"); w.int(c.conversions)
            w.key("handle_hold_time_ns"); w.null()
            w.objectEnd()
        }
        w.arrayEnd()
        w.objectEnd()
        return String(decoding: w.bytes, as: UTF8.self)
    }
}

extension Array {
    subscript(safe i: Int) -> Element? { indices.contains(i) ? self[i] : nil }
}

extension String {
    func padding(_ n: Int) -> String { self + String(repeating: " ", count: max(0, n - count)) }
    func leftPadding(_ n: Int) -> String { String(repeating: " ", count: max(0, n - count)) + self }
}
