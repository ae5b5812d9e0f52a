extension Filesystem {
    /// The journal part of `ext4_sync_file`, run once the data writeback it started is done.
    ///
    /// data=journal forces a commit of the running transaction (`ext4_force_commit`); the other
    /// modes commit only if the inode changed in the running transaction
    /// (`ext4_fsync_journal` → `jbd2_complete_transaction(i_sync_tid or i_datasync_tid)`).
    /// Leaves out the cache flush sent when nothing needs committing.
    public mutating func syncFile(_ ino: UInt64, datasync: Bool, ctx: OperationContext) {
        if options.data == .journal {
            journal.commit(.fsync, at: ctx.timestampNs)
            return
        }
        let inode = self[ino]
        let tid = datasync ? inode.datasyncTid : inode.syncTid
        journal.complete(tid: tid, reason: .fsync, at: ctx.timestampNs)
    }

    /// `ext4_sync_fs`: starts a commit of the running transaction (and waits when `wait`).
    ///
    /// At unmount one more handle that no ext4 tracepoint shows joins the transaction and is
    /// committed with it: every capture's last `jbd2_run_stats` has `handle_count 1` with no
    /// `jbd2_handle_start` in that transaction. Modelled as one untyped handle dirtying the
    /// superblock at the first waiting sync of the unmount.
    public mutating func syncFilesystem(wait: Bool, ctx: OperationContext) {
        if isUnmounting && wait && !hasCommittedUnmountHandle {
            hasCommittedUnmountHandle = true
            journal.untypedHandle(dirtying: [.superblock], at: ctx.timestampNs)
        }
        journal.commit(isUnmounting ? .unmount : .sync, at: ctx.timestampNs)
    }
}
