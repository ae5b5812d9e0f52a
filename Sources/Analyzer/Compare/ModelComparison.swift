import TraceParser

/// One column of `model`'s table: the captured kernel's figures or one model's, over the same
/// workload.
public struct ModelColumn: Sendable, Equatable {
    /// `capture`, or the model's name (`buffer_head`, `iomap`, `delaymap`).
    public var name: String
    public var writes: Int
    public var mebibytes: Double
    /// Block-mapping calls on the write path (iomap: `->iomap_begin`; buffer_head: blocks
    /// mapped by `ext4_da_get_block_prep`, which the kernel logs as
    /// `ext4_es_insert_delayed_extent`).
    public var writeMapCalls: Int
    /// Mapping calls made by writeback (`ext4_da_write_pages_extent` in the kernel).
    public var writebackMapCalls: Int
    /// Handles by `EXT4_HT_*` type (`HandleType`'s raw value).
    public var handlesByType: [Int: Int]
    /// Credits ext4 asked at handle starts (`JournalStatistics.creditsAsked`).
    public var credits: Int
    public var commits: Int
    public var blocksLogged: Int
    public var conversions: Int

    /// A model's column: its figures over the captured workload (`workload`'s writes and bytes).
    public init(model: String, workload: ObservedKernel, writeMapCalls: Int, writebackMapCalls: Int,
                handlesByType: [Int: Int], credits: Int, commits: Int, blocksLogged: Int, conversions: Int) {
        name = model
        writes = workload.pwrites
        mebibytes = Double(workload.bytesWritten) / 1_048_576
        self.writeMapCalls = writeMapCalls
        self.writebackMapCalls = writebackMapCalls
        self.handlesByType = handlesByType
        self.credits = credits
        self.commits = commits
        self.blocksLogged = blocksLogged
        self.conversions = conversions
    }

    /// The captured kernel's column, from its own events.
    public init(observed o: ObservedKernel) {
        self.init(model: "capture", workload: o, writeMapCalls: o.delayedInserts, writebackMapCalls: o.daExtents,
                  handlesByType: o.journal.handlesByType, credits: o.journal.creditsAsked,
                  commits: o.journal.commits, blocksLogged: Int(o.journal.blocksLogged), conversions: o.conversions)
    }

    public var handles: Int { handlesByType.values.reduce(0, +) }
    var isIomapLike: Bool { name == "iomap" || name == "delaymap" }
    func perMiB(_ v: Int) -> Double { mebibytes > 0 ? Double(v) / mebibytes : 0 }
    func perWrite(_ v: Int) -> Double { writes > 0 ? Double(v) / Double(writes) : 0 }
}

/// `model`'s side-by-side table: the captured kernel and each model over the same
/// operations, row by row, with a one-line explanation under each large difference.
public struct ModelComparison: Sendable {
    public var columns: [ModelColumn]

    public init(columns: [ModelColumn]) { self.columns = columns }

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

    /// `EXT4_HT_*` name in lower case: `3` → `map_blocks`; `?` for a type ext4 does not define.
    static func typeName(_ t: Int) -> String { HandleType(rawValue: t)?.name.lowercased() ?? "?" }

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
}
