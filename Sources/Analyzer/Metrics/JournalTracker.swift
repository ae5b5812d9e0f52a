import TraceParser

/// One jbd2 commit, from `jbd2_run_stats`:
///
///     jbd2/loop1-8-3590 [000] ..... 2027.502785: jbd2_run_stats: dev 7,1 tid 2 wait 0 request_delay 0 running 4 locked 0 flushing 0 logging 0 handle_count 5 blocks 6 blocks_logged 8
///
/// The phase times are milliseconds (the kernel's `jiffies_to_msecs`).
public struct CommitRecord: Sendable, Equatable {
    public var timestampNs: UInt64
    public var tid: UInt64
    public var handleCount: UInt64
    public var blocks: UInt64
    public var blocksLogged: UInt64
    /// `wait`, `request_delay`, `running`, `locked`, `flushing`, `logging` in ms.
    public var phasesMs: [String: UInt64]

    public static let phaseNames = ["wait", "request_delay", "running", "locked", "flushing", "logging"]
}

/// Journal handles per inode and type (`jbd2_handle_stats`), commits (`jbd2_run_stats`) and
/// unwritten conversions (`ext4_ext_handle_unwritten_extents`).
///
/// A handle belongs to the inode of the `ext4_journal_start_inode` that opened it, else to the
/// first ext4 event naming an inode that its task emits while the handle is open (a
/// `ext4_journal_start_sb` handle creating a file names the new inode in `ext4_mark_inode_dirty`).
struct JournalTracker {
    struct OpenHandle { var type: Int; var ino: UInt64? }

    var handles: [UInt64: [Int: HandleCounts]] = [:]
    /// Handles no inode event named (superblock-only, orphan list, ...), by type.
    var unattributedHandles: [Int: HandleCounts] = [:]
    var unwritten: [UInt64: UnwrittenMetrics] = [:]
    /// Commits in trace order, at most `maxKept` (the totals below count them all).
    var commits: [CommitRecord] = []
    /// The totals, counted as everywhere else.
    var statistics = JournalStatistics()
    var commitCount: Int { statistics.commits }
    var blocksLogged: UInt64 { statistics.blocksLogged }
    var phaseMs: [String: Distribution] = [:]

    private var pendingStartInode: [Int: UInt64] = [:]
    private var openHandle: [Int: OpenHandle] = [:]

    static let maxKept = 100_000

    static let events: Set<String> = JournalStatistics.eventNames.union([
        "ext4_journal_start_inode", "ext4_journal_start_sb", "ext4_journal_start_reserved",
        "jbd2_handle_start", "jbd2_handle_stats", "jbd2_run_stats", "ext4_ext_handle_unwritten_extents",
    ])

    mutating func consume(_ e: TraceEvent) {
        statistics.note(e)
        switch e.name {
        case "ext4_journal_start_inode":
            if let ino = e.inode { pendingStartInode[e.pid] = ino }
        case "ext4_journal_start_sb", "ext4_journal_start_reserved":
            pendingStartInode[e.pid] = nil
        case "jbd2_handle_start":
            openHandle[e.pid] = OpenHandle(type: Int(e["type"]?.int ?? -1), ino: pendingStartInode[e.pid])
            pendingStartInode[e.pid] = nil
        case "jbd2_handle_stats":
            closeHandle(e)
        case "jbd2_run_stats":
            recordCommit(e)
        case "ext4_ext_handle_unwritten_extents":
            guard let ino = e.inode else { return }
            var u = unwritten[ino] ?? UnwrittenMetrics()
            u.handleUnwrittenCalls += 1
            if e["flags"]?.string?.split(separator: "|").contains("CONVERT") == true {
                u.conversions += 1
                u.convertedBlocks &+= e["len"]?.uint ?? 0
            }
            unwritten[ino] = u
        default: break
        }
    }

    /// An ext4 event naming an inode: names the task's open handle if nothing has yet.
    mutating func noteInode(_ ino: UInt64, pid: Int) {
        // One hash per call: this runs for every ext4 event.
        if let i = openHandle.index(forKey: pid), openHandle.values[i].ino == nil { openHandle.values[i].ino = ino }
    }

    private mutating func closeHandle(_ e: TraceEvent) {
        let type = Int(e["type"]?.int ?? -1)
        let ino = openHandle.removeValue(forKey: e.pid)?.ino
        var c = HandleCounts()
        c.handles = 1
        c.requestedBlocks = e["requested_blocks"]?.int ?? 0
        c.dirtiedBlocks = e["dirtied_blocks"]?.int ?? 0
        if let ino {
            handles[ino, default: [:]][type, default: HandleCounts()].merge(c)
        } else {
            unattributedHandles[type, default: HandleCounts()].merge(c)
        }
    }

    private mutating func recordCommit(_ e: TraceEvent) {
        var phases: [String: UInt64] = [:]
        for name in CommitRecord.phaseNames {
            guard let v = e[name]?.uint else { continue }
            phases[name] = v
            phaseMs[name, default: Distribution()].add(v)
        }
        let record = CommitRecord(timestampNs: e.timestampNs, tid: e["tid"]?.uint ?? 0,
                                  handleCount: e["handle_count"]?.uint ?? 0, blocks: e["blocks"]?.uint ?? 0,
                                  blocksLogged: e["blocks_logged"]?.uint ?? 0, phasesMs: phases)
        if commits.count < JournalTracker.maxKept { commits.append(record) }
    }
}
