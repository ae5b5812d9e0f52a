import TraceParser

extension Journal {
    /// One `ext4_journal_start_*` … `ext4_journal_stop`, as `jbd2_handle_stats` reports it at
    /// its stop:
    ///
    ///     jbd2_handle_stats: dev 7,1 tid 3 type 2 line_no 2770 interval 0 sync 0 requested_blocks 12 dirtied_blocks 2
    ///
    /// `requestedBlocks` is what jbd2 prints, not what ext4 asked: `jbd2__journal_start` adds
    /// the blocks its revoke records need (ext4 asks 8 or 32 records of 8 bytes: one block),
    /// except for a handle started from a reservation (`jbd2_journal_start_reserved`), which
    /// prints the reserved credits as they are. `dirtied` holds the metadata blocks the handle
    /// was first to add to its transaction (the credits `jbd2_journal_dirty_metadata`
    /// consumed). Leaves out `line_no`, `interval` and `sync`, which the model does not know.
    public struct HandleRecord: Sendable, Equatable {
        public var id: HandleID
        public var tid: UInt64
        public var type: HandleType
        /// Credits asked (`blocks`) and reserved for a later reserved handle (`rsv_blocks`).
        public var credits: Int
        public var reservedCredits: Int
        public var fromReservation: Bool
        /// The handle a nested start joined (`journal_current_handle()` was set: jbd2 only
        /// takes a reference, ext4's tracepoint still prints the credits asked). A nested start
        /// whose outer handle the model does not run has `nestedIn == id`.
        public var nestedIn: HandleID?
        /// The task that started it (a handle belongs to its task).
        public var task: Int
        public var startNs: UInt64
        public var stopNs: UInt64?
        public var dirtied: [MetadataBlock] = []
        /// Credits added by `jbd2_journal_extend` while it ran (`jbd2_handle_extend`).
        public var extendedCredits = 0
        /// Blocks it forgot that had joined this transaction (`jbd2_journal_forget` gives their
        /// credit back: `dirtied_blocks` can go negative).
        public var forgotten = 0

        public var requestedBlocks: Int {
            credits + extendedCredits + (fromReservation ? 0 : Journal.revokeRecordBlocks)
        }
        public var dirtiedBlocks: Int { dirtied.count - forgotten }
        public var isRunning: Bool { stopNs == nil }
    }

    /// The journal blocks ext4's default revoke records take (`DIV_ROUND_UP(8 * 8, blocksize)`
    /// in `jbd2__journal_start`; 32 records also fit one block of 1 KiB or more).
    static let revokeRecordBlocks = 1

    /// `jbd2__journal_start` (`fromReservation`: `jbd2_journal_start_reserved`, the handle an
    /// earlier one reserved): a handle of `task` joins the running transaction. When the task
    /// already runs a handle the start nests (`nestedIn`), as `jbd2__journal_start` does when
    /// `journal_current_handle()` is set. `nestedOutside`: the caller knows the kernel nests
    /// here in a handle the model does not run (a logged start, no jbd2 handle).
    ///
    /// Leaves out: waiting for a full or locked transaction (`start_this_handle` blocking).
    public mutating func start(_ type: HandleType, credits: Int, reserved: Int = 0, fromReservation: Bool = false,
                               task: Int, nestedOutside: Bool = false, at ns: UInt64) -> HandleID {
        let id = log.count
        let outer = current[task]
        var record = HandleRecord(id: id, tid: running.tid, type: type, credits: credits, reservedCredits: reserved,
                                  fromReservation: fromReservation, nestedIn: outer ?? (nestedOutside ? id : nil),
                                  task: task, startNs: ns)
        if record.nestedIn == nil {
            if running.isEmpty { running.startNs = ns }
            running.handleIDs.append(id)
            current[task] = id
        } else {
            record.tid = outer.map { log[$0].tid } ?? running.tid
        }
        log.append(record)
        return id
    }

    /// `jbd2_journal_dirty_metadata` under handle `id` (a nested start charges its outer
    /// handle): each block new to the running transaction joins it and is charged to the
    /// handle. `nil`: blocks the kernel dirties in a handle the model does not run.
    public mutating func dirty(_ id: HandleID?, _ blocks: [MetadataBlock]) {
        let owner = id.flatMap(owner(of:))
        for b in blocks where running.dirtied.insert(b).inserted {
            running.blocks.append(b)
            if let owner, log[owner].tid == running.tid { log[owner].dirtied.append(b) }
        }
    }

    /// The jbd2 handle that `id`'s blocks are charged to: its own, or the one it nests in
    /// (nil when that one is the kernel's alone).
    func owner(of id: HandleID) -> HandleID? {
        guard let outer = log[id].nestedIn else { return id }
        return outer == id ? nil : outer
    }

    /// `jbd2_journal_stop`: the handle ends. Returns the record when a jbd2 handle ended (its
    /// `jbd2_handle_stats`), nil for a nested start.
    @discardableResult
    public mutating func stop(_ id: HandleID, at ns: UInt64) -> HandleRecord? {
        guard log[id].isRunning else { return nil }
        log[id].stopNs = ns
        guard log[id].nestedIn == nil else { return nil }
        let task = log[id].task
        if current[task] == id { current[task] = nil }
        if held[task] == id { held[task] = nil }
        return log[id]
    }

    /// `ext4_journal_ensure_credits(handle, needed)` → `jbd2_journal_extend`: when the buffer
    /// credits left to handle `id` (asked plus extended, less the blocks it dirtied) are fewer
    /// than `needed`, the handle grows by the difference. Returns the credits added (0: none).
    /// Leaves out the restart when the transaction cannot grow.
    @discardableResult
    public mutating func ensureCredits(_ id: HandleID, needed: Int) -> Int {
        guard let owner = owner(of: id), log[owner].isRunning else { return 0 }
        let left = log[owner].credits + log[owner].extendedCredits - log[owner].dirtied.count
        guard left < needed else { return 0 }
        log[owner].extendedCredits += needed - left
        return needed - left
    }

    /// `jbd2_journal_extend` by `n` credits (revoke blocks included) on the running handle `id`.
    public mutating func extend(_ id: HandleID, by n: Int) {
        guard let owner = owner(of: id), log[owner].isRunning else { return }
        log[owner].extendedCredits += n
    }

    /// `jbd2_journal_forget` + `jbd2_journal_revoke` of a freed metadata block under handle
    /// `id`: a block that joined the running transaction leaves it (not logged; its credit goes
    /// back to the handle), and a revoke record is written either way.
    public mutating func forget(_ id: HandleID, _ block: MetadataBlock) {
        if running.dirtied.remove(block) != nil {
            running.blocks.removeAll { $0 == block }
            if let owner = owner(of: id) { log[owner].forgotten += 1 }
        }
        revoke(1)
    }

    /// Marks the running handle `id` as held past its operation (see `Filesystem.journalStop`).
    mutating func hold(_ id: HandleID) { held[log[id].task] = id }

    /// The jbd2 handles still running in the running transaction.
    public var runningHandles: [HandleID] { running.handleIDs.filter { log[$0].isRunning } }

    /// A handle the trace does not show (see `Transaction.untypedHandles`).
    public mutating func untypedHandle(dirtying blocks: [MetadataBlock], at ns: UInt64) {
        if running.isEmpty { running.startNs = ns }
        running.untypedHandles += 1
        dirty(nil, blocks)
    }
}
