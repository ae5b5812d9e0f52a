import TraceParser

/// The per-path overhead of one capture (or of a model's predicted events): per inode and in
/// total, what each write and each MiB cost in mapping calls, writeback batches, journal
/// handles, commits and block I/O, with latency distributions. Built by `TraceAnalyzer`.
public struct OverheadReport: Sendable {
    /// Where the events came from (a file name, or `model:iomap`).
    public var source: String
    public var events = 0
    public var firstTimestampNs: UInt64?
    public var lastTimestampNs: UInt64?
    public var geometry: FilesystemGeometry?

    /// Inodes with any activity, by inode number.
    public var inodes: [InodeReport] = []
    /// Every inode summed, plus the handles no inode event named.
    public var total = InodeReport(ino: nil)

    /// Every traced syscall by kind (pwrite64, fsync, ...), attributed or not.
    public var syscalls: [SyscallKind: Int] = [:]
    /// pwrite64/pread64 calls whose task touched no inode of this filesystem.
    public var unattributedSyscalls = 0
    /// Handles no inode event named, by type.
    public var unattributedHandles: [Int: HandleCounts] = [:]

    /// Commits in trace order (at most `JournalTracker.maxKept`), their count and sums.
    public var commits: [CommitRecord] = []
    public var commitCount = 0
    public var blocksLogged: UInt64 = 0
    /// `jbd2_run_stats` phase times in ms, by phase name.
    public var commitPhasesMs: [String: Distribution] = [:]

    public var blockIO = BlockIOMetrics()
    /// Latencies in ns by operation name (`pwrite64`, `ext4_sync_file`, `jbd2_commit`, ...).
    public var latencies: [String: Distribution] = [:]
    public var unmatchedExits = 0
    /// Tasks by events emitted, most first: who did the work (the workload, kworkers, jbd2).
    public var tasks: [TaskSummary] = []

    public init(source: String) { self.source = source }

    /// MiB moved by attributed pwrite64 and pread64 calls: the denominator of "per MiB".
    public var ioMebibytes: Double { total.writes.mebibytes + total.reads.mebibytes }

    public func inode(_ ino: UInt64) -> InodeReport? { inodes.first { $0.ino == ino } }

    /// This report with the reads and writes of `operations` — for a model's prediction of
    /// another capture's operations, whose predicted trace holds no syscall events: the calls
    /// are the capture's, so "per write" and "per MiB" divide by them.
    public func adoptingOperations(of operations: OverheadReport) -> OverheadReport {
        var r = self
        var byIno = Dictionary(uniqueKeysWithValues: r.inodes.compactMap { i in i.ino.map { ($0, i) } })
        for source in operations.inodes where source.writes.calls + source.reads.calls > 0 {
            guard let ino = source.ino else { continue }
            var i = byIno[ino] ?? InodeReport(ino: ino)
            i.writes = source.writes
            i.reads = source.reads
            byIno[ino] = i
        }
        r.inodes = byIno.keys.sorted().compactMap { byIno[$0] }
        r.total = InodeReport(ino: nil)
        for i in r.inodes { r.total.merge(i) }
        var orphans = InodeReport(ino: nil)
        orphans.handles = r.unattributedHandles
        r.total.merge(orphans)
        r.syscalls = operations.syscalls
        r.unattributedSyscalls = operations.unattributedSyscalls
        return r
    }
}

/// One inode's share (or the total, `ino == nil`).
public struct InodeReport: Sendable {
    public var ino: UInt64?
    public var writes = IOSizes()
    public var reads = IOSizes()
    public var mapping: [MappingContext: MappingCounts] = [:]
    public var writeback = WritebackMetrics()
    /// Journal handles by `EXT4_HT_*` type.
    public var handles: [Int: HandleCounts] = [:]
    public var unwritten = UnwrittenMetrics()

    public init(ino: UInt64?) { self.ino = ino }

    /// Mapping calls in every context together.
    public var allMapping: MappingCounts {
        var m = MappingCounts()
        for c in mapping.values { m.merge(c) }
        return m
    }

    /// Mapping calls made inside pwrite64 calls.
    public var mappingInWrites: MappingCounts { mapping[.write] ?? MappingCounts() }

    public var allHandles: HandleCounts {
        var h = HandleCounts()
        for c in handles.values { h.merge(c) }
        return h
    }

    public var ioMebibytes: Double { writes.mebibytes + reads.mebibytes }

    mutating func merge(_ o: InodeReport) {
        writes.merge(o.writes)
        reads.merge(o.reads)
        for (k, v) in o.mapping { mapping[k, default: MappingCounts()].merge(v) }
        writeback.merge(o.writeback)
        for (k, v) in o.handles { handles[k, default: HandleCounts()].merge(v) }
        unwritten.merge(o.unwritten)
    }
}

/// `a / b`, or nil when `b` is zero (printed as `-`).
func ratio(_ a: Double, _ b: Double) -> Double? { b == 0 ? nil : a / b }

/// One task (thread) of the trace and how many events it emitted.
public struct TaskSummary: Sendable, Equatable {
    public var pid: Int
    /// The task name as the trace printed it: any bytes, markup included.
    public var comm: String
    public var events = 0

    /// Tasks beyond this many are not listed (their events still count everywhere else).
    static let maxTasks = 10_000
}
