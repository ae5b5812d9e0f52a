import TraceParser

/// The jbd2 journal (fs/jbd2): handles join the running transaction, which commits on fsync,
/// on sync, at unmount, and when the commit interval expires.
public struct Journal: Sendable, Equatable {
    /// The running transaction (`j_running_transaction`).
    public struct Transaction: Sendable, Equatable {
        public var tid: UInt64
        public var startNs: UInt64
        public var handles = 0
        /// Handles the trace cannot show by type (started inside jbd2 or the VFS without an
        /// ext4 handle tracepoint), counted in `handle_count` only.
        public var untypedHandles = 0
        public var dirtied: Set<MetadataBlock> = []
        public var revokes = 0
        public var isEmpty: Bool { handles + untypedHandles == 0 }
    }

    /// One commit, as `jbd2_run_stats` reports it.
    public struct Commit: Sendable, Equatable {
        public var tid: UInt64
        public var handles: Int
        public var blocks: Int
        public var blocksLogged: Int
        public var reason: CommitReason
    }

    public enum CommitReason: String, Sendable { case fsync, sync, interval, unmount }

    /// `j_commit_interval` (5 s unless `commit=`).
    public var commitIntervalNs: UInt64 = 5_000_000_000
    public internal(set) var running: Transaction
    public internal(set) var commits: [Commit] = []
    public private(set) var handlesByType: [HandleType: Int] = [:]
    public private(set) var creditsRequested = 0
    /// Tags per descriptor block (`journal_tag_bytes` with csum v3 and 64bit: 16 bytes).
    public var tagsPerDescriptor: Int

    public init(blockSize: Int) {
        running = Transaction(tid: 2, startNs: 0)
        tagsPerDescriptor = max(1, (blockSize - 12 - 4) / 16)
    }

    /// Handles started (all types).
    public private(set) var handles = 0
    public var blocksLogged: Int { commits.reduce(0) { $0 + $1.blocksLogged } }
    /// Every handle, as `jbd2_handle_stats` would print it; kept when set to `[]`
    /// (`Journal+HandleLog.swift`).
    public var handleLog: [HandleRecord]? = nil
    /// The last committed transaction (`j_commit_sequence`).
    public var lastCommittedTid: UInt64 { running.tid - 1 }

    /// Starts and stops a handle that dirties `blocks` (`jbd2__journal_start` …
    /// `jbd2_journal_stop`; `fromReservation`: `jbd2_journal_start_reserved`, the handle
    /// reserved by an earlier one). Returns the tid it joined.
    ///
    /// Leaves out: waiting for a full transaction (`start_this_handle` blocking when credits
    /// run out) and the credits actually used (`dirtied_blocks`).
    @discardableResult
    public mutating func handle(_ type: HandleType, credits: Int, reserved: Int = 0, fromReservation: Bool = false,
                                dirtying blocks: [MetadataBlock], at ns: UInt64) -> UInt64 {
        if running.isEmpty { running.startNs = ns }
        logHandle(type, credits: credits, fromReservation: fromReservation, dirtying: blocks, at: ns)
        running.handles += 1
        handles += 1
        handlesByType[type, default: 0] += 1
        creditsRequested += credits
        for b in blocks { running.dirtied.insert(b) }
        return running.tid
    }

    /// A start inside an already running handle (`journal_current_handle()` set): jbd2 only
    /// counts a reference, but ext4's tracepoint prints the credits asked.
    public mutating func nestedStart(credits: Int) { creditsRequested += credits }

    /// A handle the trace does not show (see `Transaction.untypedHandles`).
    public mutating func untypedHandle(dirtying blocks: [MetadataBlock], at ns: UInt64) {
        if running.isEmpty { running.startNs = ns }
        running.untypedHandles += 1
        for b in blocks { running.dirtied.insert(b) }
    }

    /// Adds blocks to the running transaction from within an already running handle.
    public mutating func dirty(_ blocks: [MetadataBlock]) {
        logDirtied(blocks)
        for b in blocks { running.dirtied.insert(b) }
    }

    public mutating func revoke(_ n: Int) { running.revokes += n }
}
