import TraceParser

/// Writeback of one inode: how many batches, and how many folios and extents each wrote.
public struct WritebackMetrics: Sendable, Equatable {
    /// `ext4_writepages` calls (including those that found nothing to write).
    public var writepagesCalls = 0
    /// Batches that wrote something: an `ext4_writepages` call with `pages_written > 0`, or a
    /// run of `iomap_writeback_folio` of one task outside `ext4_writepages` (XFS, ext4 O_DIRECT
    /// fallbacks): the run ends at the task's next syscall exit or writeback event.
    public var batches = 0
    /// Pages (buffer_head: `pages_written` of `ext4_writepages_result`) or folios
    /// (iomap: `iomap_writeback_folio`) per batch.
    public var foliosPerBatch = Distribution()
    /// Extents mapped per batch: `ext4_da_write_pages_extent` (buffer_head delalloc), or the
    /// distinct mappings (`offset`, `length`, `addr`) of `iomap_add_to_ioend` (iomap).
    public var extentsPerBatch = Distribution()
    /// Bytes iomap added to ioends over UNWRITTEN mappings (converted at I/O completion).
    public var iomapUnwrittenBytes: UInt64 = 0

    public init() {}

    mutating func merge(_ o: WritebackMetrics) {
        writepagesCalls += o.writepagesCalls
        batches += o.batches
        foliosPerBatch.merge(o.foliosPerBatch)
        extentsPerBatch.merge(o.extentsPerBatch)
        iomapUnwrittenBytes &+= o.iomapUnwrittenBytes
    }
}

/// Follows writeback batches per task:
///
///     xfs_io-3447 [001] ..... 2025.838300: ext4_writepages: dev 7,1 ino 12 nr_to_write 9223372036854775807 ...
///     xfs_io-3447 [001] ..... 2025.838323: ext4_da_write_pages_extent: dev 7,1 ino 12 lblk 0 len 256 flags 0x100
///     xfs_io-3447 [001] ..... 2025.838656: ext4_writepages_result: dev 7,1 ino 12 ret 0 pages_written 256 ...
///
/// and for iomap, runs of `iomap_writeback_folio` / `iomap_add_to_ioend` (type 3 = UNWRITTEN)
/// of one task, ended by its next syscall exit, writeback event, or read/write mapping call.
struct WritebackTracker {
    struct Batch {
        var ino: UInt64
        var folios = 0
        /// `ext4_da_write_pages_extent` events: the extents ext4 itself mapped.
        var mappedExtents = 0
        /// Distinct mappings folios were added to ioends under.
        var ioendMappings = 0
        var lastMapping: (offset: UInt64, length: UInt64, addr: UInt64)?
        var isExt4Writepages: Bool

        /// ext4's own count when it logs one, else the ioend mappings (a writeback that logs
        /// both counts each extent once).
        var extents: Int { mappedExtents > 0 ? mappedExtents : ioendMappings }
    }

    var metrics: [UInt64: WritebackMetrics] = [:]
    private var open: [Int: Batch] = [:]

    static let events: Set<String> = [
        "ext4_writepages", "ext4_writepages_result", "ext4_da_write_pages_extent",
        "iomap_writeback_folio", "iomap_add_to_ioend",
    ]

    mutating func consume(_ e: TraceEvent) {
        guard let ino = e.inode else { return }
        switch e.name {
        case "ext4_writepages":
            closeIomapRun(pid: e.pid)
            metrics[ino, default: WritebackMetrics()].writepagesCalls += 1
            open[e.pid] = Batch(ino: ino, isExt4Writepages: true)
        case "ext4_da_write_pages_extent":
            open[e.pid]?.mappedExtents += 1
        case "ext4_writepages_result":
            guard var batch = open[e.pid], batch.isExt4Writepages else { return }
            open[e.pid] = nil
            let pages = Int(clamping: max(0, e["pages_written"]?.int ?? 0))
            if batch.folios == 0 { batch.folios = pages }   // buffer_head: no per-folio event
            if batch.folios > 0 { record(batch) }
        case "iomap_writeback_folio":
            if let b = open[e.pid], b.ino != ino, !b.isExt4Writepages { closeIomapRun(pid: e.pid) }
            if open[e.pid] == nil { open[e.pid] = Batch(ino: ino, isExt4Writepages: false) }
            open[e.pid]?.folios += 1
        case "iomap_add_to_ioend":
            let mapping = (e["offset"]?.uint ?? 0, e["length"]?.uint ?? 0, e["addr"]?.uint ?? 0)
            if var b = open[e.pid] {
                if b.lastMapping.map({ $0 != mapping }) ?? true { b.ioendMappings += 1 }
                b.lastMapping = mapping
                open[e.pid] = b
            }
            if e["type"]?.uint == 3 {
                metrics[ino, default: WritebackMetrics()].iomapUnwrittenBytes &+= e["dirty_len"]?.uint ?? 0
            }
        default: break
        }
    }

    /// Ends a task's iomap run (at its syscall exit or writeback event).
    mutating func closeIomapRun(pid: Int) {
        guard let batch = open[pid], !batch.isExt4Writepages else { return }
        open[pid] = nil
        record(batch)
    }

    mutating func finish() {
        for pid in open.keys.sorted() { closeIomapRun(pid: pid) }
        open.removeAll()
    }

    private mutating func record(_ batch: Batch) {
        var m = metrics[batch.ino] ?? WritebackMetrics()
        m.batches += 1
        m.foliosPerBatch.add(UInt64(batch.folios))
        m.extentsPerBatch.add(UInt64(batch.extents))
        metrics[batch.ino] = m
    }
}
