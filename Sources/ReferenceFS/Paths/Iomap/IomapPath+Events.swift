import TraceParser

extension IomapPath {
    /// Runs `body` inside one handle of this path (`ext4_journal_start` … `ext4_journal_stop`),
    /// with the `ext4_journal_start_inode` and `jbd2_handle_stats` lines it prints
    /// (`dirtied_blocks`: the blocks the handle added to the transaction).
    func withHandle(_ fs: inout Filesystem, _ type: HandleType, credits: Int, dirtying blocks: [MetadataBlock],
                    ino: UInt64, caller: String, ctx: OperationContext, _ body: (inout Filesystem) -> Void = { _ in }) {
        let before = fs.journal.running.dirtied
        let tid = fs.journal.handle(type, credits: credits, dirtying: blocks, at: ctx.timestampNs)
        body(&fs)
        let fresh = fs.journal.running.tid == tid ? fs.journal.running.dirtied.subtracting(before).count : 0
        emit(&fs, PredictedEvent(ctx, "ext4_journal_start_inode",
                                 "dev {dev,} blocks \(credits), rsv_blocks 0, revoke_creds 8, type \(type.rawValue), ino \(ino), caller \(caller)"))
        emit(&fs, PredictedEvent(ctx, "jbd2_handle_stats",
                                 "dev {dev,} tid \(tid) type \(type.rawValue) line_no 0 interval 0 sync 0 requested_blocks \(credits) dirtied_blocks \(fresh)"))
    }

    /// Records a predicted event when the replay keeps them (`replay --emit-trace`).
    func emit(_ fs: inout Filesystem, _ event: @autoclosure () -> PredictedEvent) {
        if fs.predictedEvents != nil { fs.predictedEvents?.append(event()) }
    }
}
