extension Journal {
    /// Commits the running transaction if it holds any handle.
    ///
    /// Mirrors `jbd2_journal_commit_transaction`: the blocks logged are the metadata blocks
    /// (`t_nr_buffers`), one descriptor block per `tagsPerDescriptor` of them, revoke blocks,
    /// and the commit block. Leaves out the journal superblock updates and checkpointing.
    @discardableResult
    public mutating func commit(_ reason: CommitReason, at ns: UInt64) -> Bool {
        guard !running.isEmpty else { return false }
        let blocks = running.dirtied.count
        let descriptors = blocks == 0 ? 0 : (blocks + tagsPerDescriptor - 1) / tagsPerDescriptor
        let revokeBlocks = running.revokes == 0 ? 0 : 1
        commits.append(Commit(tid: running.tid, handles: running.handles + running.untypedHandles,
                              blocks: blocks, blocksLogged: blocks + descriptors + revokeBlocks + 1,
                              reason: reason))
        running = Transaction(tid: running.tid + 1, startNs: ns)
        return true
    }

    /// `jbd2_complete_transaction(tid)`: commits when `tid` is still running.
    @discardableResult
    public mutating func complete(tid: UInt64, reason: CommitReason, at ns: UInt64) -> Bool {
        guard tid == running.tid else { return false }
        return commit(reason, at: ns)
    }

    /// The kjournald2 timer: a transaction older than the commit interval commits.
    public mutating func advanceClock(to ns: UInt64) {
        if !running.isEmpty, ns >= running.startNs + commitIntervalNs {
            commit(.interval, at: running.startNs + commitIntervalNs)
        }
    }

    public func checkInvariants() {
        precondition(running.handles >= 0 && running.untypedHandles >= 0)
        var tid: UInt64 = 0
        for c in commits {
            precondition(c.tid > tid, "commits out of order")
            tid = c.tid
            precondition(c.blocksLogged >= c.blocks + 1, "commit logs fewer blocks than it holds")
        }
        precondition(running.tid > tid, "running transaction older than a commit")
    }
}
