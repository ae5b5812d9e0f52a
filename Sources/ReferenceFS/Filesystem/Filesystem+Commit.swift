import TraceParser

/// The only places a transaction commits. Paths and the replayer call these, never
/// `journal.commit` directly, so everything that must happen at a commit (its events, the
/// durable state a crash would recover) happens in one place.
extension Filesystem {
    /// `jbd2_journal_commit_transaction` for the running transaction (fsync of a file whose
    /// transaction is running, `sync`, unmount), at `ns`: handles still running stop first
    /// (the commit waits for `t_updates`), then `jbd2_start_commit`, `jbd2_run_stats` and
    /// `jbd2_end_commit` are printed from kjournald2 at the commit's time. Returns whether
    /// anything committed.
    ///
    /// Leaves out the commit's own duration (every phase prints 0 ms but `running`), and
    /// `sync_commit` (0).
    @discardableResult
    public mutating func commitTransaction(_ reason: Journal.CommitReason, at ns: UInt64) -> Bool {
        let kjournald = OperationContext(cpu: 0, pid: 0, timestampNs: ns, comm: "jbd2/\(device)")
        for id in journal.runningHandles {
            journalStop(id, ctx: OperationContext(cpu: 0, pid: journal.log[id].task, timestampNs: ns), releasing: true)
        }
        guard let c = journal.commit(reason, at: ns) else { return false }
        releaseFreedBlocks(through: c.tid)
        // crash: the metadata recovery would find from here on (Crash/CommittedState.swift).
        committedStates?.append(CommittedState(tid: c.tid, timestampNs: ns, inodes: inodes))
        emit("jbd2", "jbd2_start_commit", kjournald, [EventField("sync_commit", .uint(0)), EventField("transaction", .uint(c.tid))])
        emit("jbd2", "jbd2_run_stats", kjournald, [
            EventField("tid", .uint(c.tid)), EventField("wait", .uint(0)), EventField("request_delay", .uint(0)),
            EventField("running", .uint((c.commitNs - min(c.startNs, c.commitNs)) / 1_000_000)),
            EventField("locked", .uint(0)), EventField("flushing", .uint(0)), EventField("logging", .uint(0)),
            EventField("handle_count", .uint(UInt64(c.handles))), EventField("blocks", .uint(UInt64(c.blocks))),
            EventField("blocks_logged", .uint(UInt64(c.blocksLogged))),
        ])
        emit("jbd2", "jbd2_end_commit", kjournald, [EventField("sync_commit", .uint(0)), EventField("transaction", .uint(c.tid)),
                                                    EventField("head", .uint(c.tid))])
        return true
    }

    /// `jbd2_complete_transaction(journal, tid)`: commits when `tid` is still running.
    @discardableResult
    public mutating func completeTransaction(tid: UInt64, reason: Journal.CommitReason, at ns: UInt64) -> Bool {
        guard tid == journal.running.tid else { return false }
        return commitTransaction(reason, at: ns)
    }

    /// kjournald2's timer (`commit_timeout`): a running transaction older than the commit
    /// interval commits at start + interval, before anything at `ns` happens.
    public mutating func advanceJournalClock(to ns: UInt64) {
        let running = journal.running
        if !running.isEmpty, ns >= running.startNs + journal.commitIntervalNs {
            commitTransaction(.interval, at: running.startNs + journal.commitIntervalNs)
        }
    }
}
