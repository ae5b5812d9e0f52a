extension Filesystem {
    /// The journal part of `ext4_sync_file`, run once the data writeback it started is done.
    ///
    /// Commits only if the inode changed in the running transaction (`ext4_fsync_journal` →
    /// `jbd2_complete_transaction(i_sync_tid or i_datasync_tid)`); under data=journal the
    /// journalled data was committed by the writeback that fsync started. Leaves out the cache
    /// flush sent when nothing needs committing.
    public mutating func syncFile(_ ino: UInt64, datasync: Bool, ctx: OperationContext) {
        let inode = self[ino]
        let tid = datasync ? inode.datasyncTid : inode.syncTid
        completeTransaction(tid: tid, reason: .fsync, at: ctx.timestampNs)
    }

    /// `ext4_sync_fs`: starts a commit of the running transaction (and waits when `wait`).
    ///
    /// After a waiting sync outside an unmount (sync(2)), one more handle that no ext4
    /// tracepoint shows joins the next transaction: in every capture with a `sync` before
    /// `umount`, the unmount's commit has `handle_count 1` and no `jbd2_handle_start`, while the
    /// capture whose first mount was unmounted without `sync` (ext4-read-after-remount) has no
    /// such commit. Modelled as one untyped handle dirtying the superblock. Leaves out which
    /// code path starts it (not identified).
    public mutating func syncFilesystem(wait: Bool, ctx: OperationContext) {
        commitTransaction(isUnmounting ? .unmount : .sync, at: ctx.timestampNs)
        if wait && !isUnmounting {
            journal.untypedHandle(dirtying: [.superblock], at: ctx.timestampNs)
        }
    }
}
