import TraceParser

extension Journal {
    /// One handle as `jbd2_journal_stop` reports it in `jbd2_handle_stats`:
    ///
    ///     jbd2_handle_stats: dev 7,1 tid 3 type 2 line_no 2770 interval 0 sync 0 requested_blocks 12 dirtied_blocks 2
    ///
    /// `requestedBlocks` is what jbd2 prints, not what ext4 asked: `jbd2__journal_start` adds
    /// the blocks its revoke records need (ext4 asks 8 or 32 records of 8 bytes: one block),
    /// except for a handle started from a reservation (`jbd2_journal_start_reserved`), which
    /// prints the reserved credits as they are. `dirtiedBlocks` counts the metadata blocks the
    /// handle was first to add to its transaction (the credits `jbd2_journal_dirty_metadata`
    /// consumed). Leaves out `line_no`, `interval` and `sync`, which the model does not know.
    public struct HandleRecord: Sendable, Equatable {
        public var tid: UInt64
        public var type: HandleType
        public var requestedBlocks: Int
        public var dirtiedBlocks: Int
        public var timestampNs: UInt64
    }

    /// Logs a handle about to dirty `blocks` (called by `handle` before it inserts them).
    mutating func logHandle(_ type: HandleType, credits: Int, fromReservation: Bool,
                            dirtying blocks: [MetadataBlock], at ns: UInt64) {
        guard handleLog != nil else { return }
        let record = HandleRecord(tid: running.tid, type: type,
                                  requestedBlocks: credits + (fromReservation ? 0 : Journal.revokeRecordBlocks),
                                  dirtiedBlocks: freshCount(blocks), timestampNs: ns)
        handleLog?.append(record)
    }

    /// Charges blocks dirtied from within the running handle to the last logged one.
    mutating func logDirtied(_ blocks: [MetadataBlock]) {
        guard let last = handleLog?.indices.last, handleLog?[last].tid == running.tid else { return }
        let fresh = freshCount(blocks)
        handleLog?[last].dirtiedBlocks += fresh
    }

    /// The journal blocks ext4's default revoke records take (`DIV_ROUND_UP(8 * 8, blocksize)`
    /// in `jbd2__journal_start`; 32 records also fit one block of 1 KiB or more).
    static let revokeRecordBlocks = 1

    /// How many distinct blocks of `blocks` the running transaction does not hold yet.
    func freshCount(_ blocks: [MetadataBlock]) -> Int {
        var seen = Set<MetadataBlock>()
        for b in blocks where !running.dirtied.contains(b) { seen.insert(b) }
        return seen.count
    }
}
