/// The only places a transaction commits. Paths and the replayer call these, never
/// `journal.commit` directly, so everything that must happen at a commit (its events, the
/// durable state a crash would recover) happens in one place.
extension Filesystem {
    /// `jbd2_journal_commit_transaction` for the running transaction (fsync of a file whose
    /// transaction is running, `sync`, unmount). Returns whether anything committed.
    @discardableResult
    public mutating func commitTransaction(_ reason: Journal.CommitReason, at ns: UInt64) -> Bool {
        let committed = journal.commit(reason, at: ns)
        // crash: the metadata recovery would find from here on (Crash/CommittedState.swift).
        if committed { committedStates?.append(CommittedState(tid: journal.lastCommittedTid, timestampNs: ns, inodes: inodes)) }
        return committed
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
