/// Blocks freed inside a transaction stay allocated until it commits.
extension Filesystem {
    /// Blocks a handle freed, not reusable before transaction `tid` commits.
    public struct FreedExtent: Sendable, Equatable {
        public var tid: UInt64
        public var blocks: Range<UInt64>
    }

    /// Frees `blocks` the way `ext4_mb_clear_bb` does: under data=ordered and data=journal, and
    /// for metadata in every mode, `ext4_mb_free_metadata` keeps them busy in the buddy until the
    /// running transaction commits (so a truncate followed by an append before the commit puts
    /// the append elsewhere: 6.18 held-out `ext4-truncate-append-16k`); under data=writeback a data
    /// block is free at once (`mb_free_blocks`). Leaves out discard and the freed-extent rbtree's
    /// merging (the blocks are the same either way).
    mutating func freeBlocksAfterCommit(_ blocks: Range<UInt64>, metadata: Bool) {
        guard !blocks.isEmpty else { return }
        if metadata || options.data != .writeback {
            freedUntilCommit.append(FreedExtent(tid: journal.running.tid, blocks: blocks))
        } else {
            allocator.markFree(blocks)
        }
    }

    /// `ext4_process_freed_data`, jbd2's commit callback: the blocks freed in transactions up to
    /// `tid` become free in the buddy.
    mutating func releaseFreedBlocks(through tid: UInt64) {
        guard !freedUntilCommit.isEmpty else { return }
        var kept: [FreedExtent] = []
        for f in freedUntilCommit {
            if f.tid <= tid { allocator.markFree(f.blocks) } else { kept.append(f) }
        }
        freedUntilCommit = kept
    }

    /// How many blocks are freed but waiting for their commit (invariants).
    var blocksFreedUntilCommit: UInt64 {
        freedUntilCommit.reduce(0) { $0 + ($1.blocks.upperBound - $1.blocks.lowerBound) }
    }
}
