import TraceParser

/// A handle's place in the journal's log (`Journal.log`): the n-th `ext4_journal_start` of the
/// replay.
public typealias HandleID = Int

/// The jbd2 journal (fs/jbd2): handles start, dirty metadata blocks and stop inside the running
/// transaction, which commits on fsync, on sync, at unmount, and when the commit interval
/// expires.
///
/// Every handle is kept in `log`, in start order; the counts the reports print (`handles`,
/// `handlesByType`, `creditsRequested`, `blocksLogged`) are derived from the log and the
/// commits, never kept beside them.
public struct Journal: Sendable, Equatable {
    /// The running transaction (`j_running_transaction`): the handles that joined it and the
    /// metadata blocks they dirtied, in the order they were first dirtied.
    public struct Transaction: Sendable, Equatable {
        public var tid: UInt64
        public var startNs: UInt64
        /// Handles that joined (outer handles only: a nested start joins nothing).
        public var handleIDs: [HandleID] = []
        /// Handles the trace cannot show by type (started inside jbd2 or the VFS without an
        /// ext4 handle tracepoint), counted in `handle_count` only.
        public var untypedHandles = 0
        public var dirtied: Set<MetadataBlock> = []
        /// `dirtied` in the order the blocks joined (`t_buffers`).
        public var blocks: [MetadataBlock] = []
        public var revokes = 0
        public var handles: Int { handleIDs.count + untypedHandles }
        public var isEmpty: Bool { handles == 0 }
    }

    /// One commit, as `jbd2_run_stats` reports it, with the handles and blocks it made durable.
    public struct Commit: Sendable, Equatable {
        public var tid: UInt64
        /// When the transaction started (its first handle) and when it committed.
        public var startNs: UInt64
        public var commitNs: UInt64
        public var handleIDs: [HandleID]
        public var untypedHandles: Int
        /// The metadata blocks logged, in the order they joined the transaction.
        public var metadataBlocks: [MetadataBlock]
        public var blocksLogged: Int
        public var reason: CommitReason
        /// `handle_count`.
        public var handles: Int { handleIDs.count + untypedHandles }
        /// `blocks` (`t_nr_buffers`).
        public var blocks: Int { metadataBlocks.count }
    }

    public enum CommitReason: String, Sendable { case fsync, sync, interval, unmount }

    /// `j_commit_interval` (5 s unless `commit=`).
    public var commitIntervalNs: UInt64 = 5_000_000_000
    public internal(set) var running: Transaction
    public internal(set) var commits: [Commit] = []
    /// Every handle started, nested starts included, in start order (`HandleID` indexes it).
    public internal(set) var log: [HandleRecord] = []
    /// The handle each task is running (`journal_current_handle()`), by pid.
    public internal(set) var current: [Int: HandleID] = [:]
    /// Handles whose stop is held until their task's operation ends (`Filesystem+Handle.swift`).
    public internal(set) var held: [Int: HandleID] = [:]
    /// The task whose operation is running while its kernel counterpart keeps its last handle
    /// open past the events the model replays it from (set by `Replayer`; see
    /// `Filesystem.journalStop`).
    public var holdingTask: Int? = nil
    /// Tags per descriptor block (`journal_tag_bytes` with csum v3 and 64bit: 16 bytes).
    public var tagsPerDescriptor: Int

    public init(blockSize: Int) {
        running = Transaction(tid: 2, startNs: 0)
        tagsPerDescriptor = max(1, (blockSize - 12 - 4) / 16)
    }

    /// The last committed transaction (`j_commit_sequence`).
    public var lastCommittedTid: UInt64 { running.tid - 1 }

    /// jbd2 handles started (all types; nested starts are not handles).
    public var handles: Int { log.reduce(0) { $0 + ($1.nestedIn == nil ? 1 : 0) } }
    /// jbd2 handles started, by type.
    public var handlesByType: [HandleType: Int] {
        var out: [HandleType: Int] = [:]
        for h in log where h.nestedIn == nil { out[h.type, default: 0] += 1 }
        return out
    }
    /// The credits ext4 asked for, as `ext4_journal_start_*` prints them in `blocks`, nested
    /// starts included.
    public var creditsRequested: Int { log.reduce(0) { $0 + $1.credits } }
    public var blocksLogged: Int { commits.reduce(0) { $0 + $1.blocksLogged } }

    public mutating func revoke(_ n: Int) { running.revokes += n }
}
