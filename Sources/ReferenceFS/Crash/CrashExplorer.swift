import TraceParser

/// Replays a capture through the model step by step, as `Replayer` does, and at every point
/// where durable state can change (a data write's completion, a journal commit) derives the
/// state a crash right then would recover, and checks every file in it (issue 14 §1–§2).
///
/// Durable state at a point:
/// * metadata as of the last committed transaction (`CommittedState`, snapshotted by
///   `Filesystem.commitTransaction`), minus what the path does only at I/O completion for the
///   writes still in flight (`CrashPathConfig`: unwritten conversion, delay-map's extent
///   insertion, `i_disksize`);
/// * data: blocks whose write completed before the point (the **optimistic** view, what a
///   dm-log-writes replay assumes), or completed before the last flush — the commit record's
///   REQ_PREFLUSH (the **pessimistic** view, volatile-cache writes lost).
///
/// When a write completes (`completionNs`): the model completes writeback at once; the
/// explorer gives each writeback pass (the blocks one `ext4_writepages` request cleaned) a
/// completion time by this rule, which reads no ext4 decision:
/// * `submit + latency`, where latency is the mean of the last 64 write requests' device
///   latencies in the capture (`block_rq_issue` → `block_rq_complete` of the same sector: device
///   timing only); on a device without requests (device-mapper targets such as dm-log-writes are
///   bio-based) the mean of the last 64 fsync durations (`ext4_sync_file_enter` → `_exit` of the
///   same task: a data write and a cache flush, as the workload saw them); `fixedLatencyNs`
///   overrides both; 1 ms before the capture shows either;
/// * a `WB_SYNC_ALL` pass (fsync, sync) is waited for (`filemap_write_and_wait_range`): it, and
///   the inode's earlier writes in flight, complete no later than the submitting task's next event;
/// * with ordered data, a commit first completes the in-flight writes to newly allocated
///   written blocks (`journal_submit_data_buffers` / `journal_finish_inode_data_buffers`);
/// * an O_DIRECT write's blocks are durable at `iomap_dio_complete`.
///
/// Leaves out: data=journal (journalled data is durable with its commit; not modelled here),
/// out-of-order completions of one inode's writes, bitmaps, and checkpoints and explicit
/// flushes without a commit (a checkpoint writes metadata the journal already recovers; a
/// flush only moves the pessimistic view to the optimistic one, which the next commit does too).
public struct CrashExplorer: Sendable {
    public internal(set) var replayer: Replayer
    public let config: CrashPathConfig
    /// A fixed data write latency instead of the capture's device latency.
    public var fixedLatencyNs: UInt64?
    /// Keep every crash point (for the HTML timeline).
    public var keepsPoints = false
    /// At most this many violations are kept (all are counted).
    public var violationLimit = 10_000

    public internal(set) var pointCount = 0
    public internal(set) var points: [CrashPoint] = []
    public internal(set) var violations: [CrashViolation] = []
    public internal(set) var counts: [CrashViolation.Kind: Int] = [:]
    public internal(set) var pessimisticCounts: [CrashViolation.Kind: Int] = [:]
    /// Each distinct finding (kind, inode, blocks) once: its first violation and how many
    /// crash points showed it, with the first and last point's time.
    public internal(set) var findings: [CrashFinding] = []
    var findingIndex: [String: Int] = [:]
    public internal(set) var commits: [(tid: UInt64, timestampNs: UInt64)] = []

    var inFlight: [DataWrite] = []
    /// Writes completed since the last commit: their completion work is in the running
    /// transaction, not in the committed one.
    var completedSinceCommit: [DataWrite] = []
    var committed = CommittedState(tid: 1, timestampNs: 0, inodes: [:])
    var committedLocation = SourceLocation.none
    var files: [UInt64: FileDurability] = [:]
    var location = SourceLocation.none
    var pendingDirect: [UInt64: Range<UInt64>] = [:]
    /// Physical blocks freed in the running transaction, by inode.
    var pendingFrees: [UInt64: BlockRanges] = [:]
    var writeIssues: [UInt64: UInt64] = [:]
    var latencies: [UInt64] = []
    var latencyCursor = 0
    var fsyncStarts: [Int: UInt64] = [:]
    var fsyncDurations: [UInt64] = []
    var fsyncCursor = 0

    public init(replayer: Replayer, config: CrashPathConfig) {
        var r = replayer
        r.fs.committedStates = []
        self.replayer = r
        self.config = config
    }

    /// The events besides the model's allow-list that the explorer reads: device timing.
    public static func reads(system: String, name: String) -> Bool {
        ModelInput.allows(system: system, name: name) || name == "block_rq_issue" || name == "block_rq_complete"
    }

    var blockSize: UInt64 { replayer.fs.blockSize }

    /// Replays one event, after completing the writes and commits that come before it.
    public mutating func consume(_ e: TraceEvent) {
        if e.system == "block" { return noteDeviceTiming(e) }
        guard ModelInput.allows(e) else { return }
        let t = e.timestampNs
        location = e.position
        if e.name.hasPrefix("ext4_sync_file") { noteFsyncTiming(e) }
        for i in inFlight.indices where inFlight[i].waiter == e.pid { inFlight[i].completeNs = min(inFlight[i].completeNs, t) }
        // kjournald2's timer commit falls before this event: writes completing earlier go first.
        let running = replayer.fs.journal.running
        if !running.isEmpty, t >= running.startNs + replayer.fs.journal.commitIntervalNs {
            completeWrites(upTo: running.startNs + replayer.fs.journal.commitIntervalNs)
            replayer.fs.advanceJournalClock(to: t)
            drainCommits()
        }
        completeWrites(upTo: t)
        // Only events that can free blocks, cut the size or submit data are looked at before and
        // after: holding a copy of the inode across a step makes the model copy its arrays.
        let ino = e.inode
        let watched = Self.watchedEvents.contains(e.name) || replayer.pendingTruncate[e.pid] != nil
        let before = watched ? ino.flatMap { replayer.fs.inodes[$0] } : nil
        if e.name == "ext4_sync_fs" {
            // sync(2) waits for all writeback (sync_inodes_sb → wait_sb_inodes).
            for i in inFlight.indices where inFlight[i].waiter == nil { inFlight[i].waiter = e.pid }
        }
        replayer.consume(e)
        drainCommits()
        if watched, let ino { noteChanges(ino: ino, before: before ?? Inode(number: ino), event: e) }
    }

    /// The events whose effect on their inode the explorer reads (`noteChanges`).
    static let watchedEvents: Set<String> = [
        "ext4_writepages", "ext4_truncate_enter", "ext4_truncate_exit", "ext4_punch_hole", "ext4_zero_range",
        "ext4_collapse_range", "ext4_insert_range", "ext4_fallocate_enter", "ext4_fallocate_exit",
        "ext4_evict_inode", "ext4_free_inode", "iomap_dio_rw_begin", "iomap_dio_complete",
        "ext4_sync_file_enter", "ext4_sync_file_exit",
    ]

    /// Completes every write still in flight and takes the last points (end of the capture).
    public mutating func finish() {
        completeWrites(upTo: .max)
    }

    /// The latency the next write gets.
    var latencyNs: UInt64 {
        if let fixedLatencyNs { return fixedLatencyNs }
        if !latencies.isEmpty { return latencies.reduce(0, +) / UInt64(latencies.count) }
        if !fsyncDurations.isEmpty { return fsyncDurations.reduce(0, +) / UInt64(fsyncDurations.count) }
        return 1_000_000
    }

    /// An fsync's duration, the latency estimate on devices without block requests.
    mutating func noteFsyncTiming(_ e: TraceEvent) {
        if e.name == "ext4_sync_file_enter" {
            fsyncStarts[e.pid] = e.timestampNs
        } else if e.name == "ext4_sync_file_exit", let start = fsyncStarts.removeValue(forKey: e.pid), e.timestampNs >= start {
            if fsyncDurations.count < 64 { fsyncDurations.append(e.timestampNs - start) } else { fsyncDurations[fsyncCursor] = e.timestampNs - start }
            fsyncCursor = (fsyncCursor + 1) % 64
        }
    }

    /// `block_rq_issue` / `block_rq_complete` of writes on the replayed device: their latency.
    mutating func noteDeviceTiming(_ e: TraceEvent) {
        if let d = e.device, let device = replayer.device, d != device { return }
        guard let sector = e["sector"]?.uint, let rwbs = e["rwbs"]?.string, rwbs.contains("W") else { return }
        if e.name == "block_rq_issue" {
            writeIssues[sector] = e.timestampNs
        } else if let issued = writeIssues.removeValue(forKey: sector), e.timestampNs >= issued {
            if latencies.count < 64 { latencies.append(e.timestampNs - issued) } else { latencies[latencyCursor] = e.timestampNs - issued }
            latencyCursor = (latencyCursor + 1) % 64
        }
    }
}

/// What one file has made durable, and what an fsync promised.
struct FileDurability: Sendable {
    /// Physical blocks whose write from this file completed (optimistic view).
    var completed = BlockRanges()
    /// Physical blocks whose write completed before the last flush (pessimistic view).
    var flushed = BlockRanges()
    /// Logical blocks this file wrote (submitted at writeback or by O_DIRECT).
    var written = BlockRanges()
    var promise: FsyncPromise?
}

/// What the last fsync of a file that returned covered: `i_size` then, and its written blocks.
struct FsyncPromise: Sendable {
    var sizeBytes: UInt64
    var blocks: BlockRanges
    var location: SourceLocation
}

/// One distinct violation (kind, inode, blocks) and the crash points that showed it.
public struct CrashFinding: Sendable {
    public var first: CrashViolation
    public var points: Int
    public var firstNs: UInt64
    public var lastNs: UInt64
}

extension CrashExplorer {
    /// The explorer's own invariants, and the model's: writes complete after they are submitted,
    /// the pessimistic view never holds data the optimistic one lacks, every written block of a
    /// file lies below its size, and points only move forward.
    public func checkInvariants() {
        replayer.fs.checkInvariants()
        for w in inFlight { precondition(w.completeNs >= w.submitNs, "write completes before its submission") }
        for (ino, f) in files {
            for r in f.flushed.ranges {
                precondition(f.completed.ranges(in: r).reduce(0) { $0 + $1.count } == r.count, "inode \(ino): flushed data never completed")
            }
            if let inode = replayer.fs.inodes[ino], let last = f.written.ranges.last {
                precondition(last.upperBound <= (inode.sizeBytes + blockSize - 1) / blockSize, "inode \(ino): written blocks past i_size")
            }
        }
        for (a, b) in zip(commits, commits.dropFirst()) { precondition(a.tid < b.tid, "commits out of order") }
    }
}
