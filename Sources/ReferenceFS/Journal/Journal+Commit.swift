extension Journal {
    /// Commits the running transaction if it holds any handle, at `ns`; its handles must have
    /// stopped (`Filesystem.commitTransaction` stops them first, as the commit waits for
    /// `t_updates` to drop to zero).
    ///
    /// Mirrors `jbd2_journal_commit_transaction`: the blocks logged are the metadata blocks
    /// (`t_nr_buffers`), one descriptor block per `tagsPerDescriptor` of them, revoke blocks,
    /// and the commit block. Leaves out the journal superblock updates and checkpointing.
    @discardableResult
    public mutating func commit(_ reason: CommitReason, at ns: UInt64) -> Commit? {
        guard !running.isEmpty else { return nil }
        precondition(runningHandles.isEmpty, "commit of transaction \(running.tid) with running handles")
        let blocks = running.blocks.count
        let descriptors = blocks == 0 ? 0 : (blocks + tagsPerDescriptor - 1) / tagsPerDescriptor
        let revokeBlocks = running.revokes == 0 ? 0 : 1
        let c = Commit(tid: running.tid, startNs: running.startNs, commitNs: ns, handleIDs: running.handleIDs,
                       untypedHandles: running.untypedHandles, metadataBlocks: running.blocks,
                       blocksLogged: blocks + descriptors + revokeBlocks + 1, reason: reason)
        commits.append(c)
        running = Transaction(tid: running.tid + 1, startNs: ns)
        return c
    }

    public func checkInvariants() {
        precondition(running.untypedHandles >= 0)
        precondition(running.blocks.count == running.dirtied.count, "transaction block list and set disagree")
        // Called after every replayed operation: checks what the last operation can have changed
        // (the last commit, the running transaction, the last handle), not the whole history.
        if let c = commits.last {
            precondition(commits.count < 2 || commits[commits.count - 2].tid < c.tid, "commits out of order")
            precondition(c.blocksLogged >= c.blocks + 1, "commit logs fewer blocks than it holds")
            for id in c.handleIDs { precondition(log[id].tid == c.tid && !log[id].isRunning, "handle \(id) outlives commit \(c.tid)") }
            precondition(running.tid > c.tid, "running transaction older than a commit")
        }
        for id in running.handleIDs { precondition(log[id].tid == running.tid, "handle \(id) outside its transaction") }
        for (task, id) in current { precondition(log[id].task == task && log[id].isRunning, "current handle of \(task) stopped") }
        if let last = log.last { precondition(last.id == log.count - 1, "log out of order") }
    }
}
