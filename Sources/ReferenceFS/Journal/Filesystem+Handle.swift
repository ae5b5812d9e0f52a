import TraceParser

/// Where a handle is started, charged and stopped: every path, the truncate, fallocate and
/// inode code call these, never `journal.start`/`stop` directly, so each handle prints its
/// `ext4_journal_start_*` and `jbd2_handle_stats` the same way.
extension Filesystem {
    /// `ext4_journal_start` / `__ext4_journal_start_sb` → `jbd2__journal_start`: a handle of
    /// `type` asking `credits` (plus `reserved` for a later reserved handle) for `ctx`'s task,
    /// printed as `ext4_journal_start_inode` when started for an inode (`ino`), else
    /// `ext4_journal_start_sb`. `caller` is the kernel function that starts it (the `ip` the
    /// tracepoint prints, without the offset). A task already running a handle nests
    /// (`Journal.start`), also in one held past its operation once that operation is over.
    ///
    /// Leaves out: `revoke_creds` other than ext4's default 8 records, and `line_no`.
    public mutating func journalStart(_ type: HandleType, credits: Int, reserved: Int = 0, ino: UInt64?,
                                      caller: String, nestedOutside: Bool = false, ctx: OperationContext) -> HandleID {
        releaseHeldHandleWithinOperation(ctx: ctx)
        let id = journal.start(type, credits: credits, reserved: reserved, task: ctx.pid,
                               nestedOutside: nestedOutside, at: ctx.timestampNs)
        var fields: [EventField] = []
        if let ino { fields.append(EventField("ino", .uint(ino))) }
        fields += [EventField("ip", .string(caller)), EventField("blocks", .int(Int64(credits))),
                   EventField("rsv_blocks", .int(Int64(reserved))), EventField("revoke_creds", .int(8)),
                   EventField("type", .int(Int64(type.rawValue)))]
        emit("ext4", ino == nil ? "ext4_journal_start_sb" : "ext4_journal_start_inode", ctx, fields)
        emitHandleStart(id, ctx: ctx)
        return id
    }

    /// `ext4_journal_start_reserved` → `jbd2_journal_start_reserved`: the handle an earlier
    /// one reserved (`rsv_blocks`) starts, with those credits as they are.
    public mutating func journalStartReserved(_ type: HandleType, credits: Int, caller: String,
                                              ctx: OperationContext) -> HandleID {
        releaseHeldHandleWithinOperation(ctx: ctx)
        let id = journal.start(type, credits: credits, fromReservation: true, task: ctx.pid, at: ctx.timestampNs)
        emit("ext4", "ext4_journal_start_reserved", ctx,
             [EventField("ip", .string(caller)), EventField("blocks", .int(Int64(credits)))])
        emitHandleStart(id, ctx: ctx)
        return id
    }

    /// `jbd2_handle_start`, printed by `jbd2__journal_start` for a new (not nested) handle.
    mutating func emitHandleStart(_ id: HandleID, ctx: OperationContext) {
        let h = journal.log[id]
        guard h.nestedIn == nil else { return }
        emit("jbd2", "jbd2_handle_start", ctx, [
            EventField("tid", .uint(h.tid)), EventField("type", .uint(UInt64(h.type.rawValue))),
            EventField("line_no", .uint(0)), EventField("requested_blocks", .int(Int64(h.requestedBlocks))),
        ])
    }

    /// `ext4_handle_dirty_metadata` → `jbd2_journal_dirty_metadata`: `blocks` join the running
    /// transaction under handle `id`, charged to it when new to the transaction.
    public mutating func handleDirtyMetadata(_ id: HandleID, _ blocks: [MetadataBlock]) {
        journal.dirty(id, blocks)
    }

    /// `ext4_handle_dirty_metadata` under the handle `ctx`'s task runs (`journal_current_handle()`);
    /// with none, the blocks join the transaction uncharged (a handle only the kernel runs).
    public mutating func handleDirtyMetadata(_ blocks: [MetadataBlock], ctx: OperationContext) {
        journal.dirty(journal.current[ctx.pid], blocks)
    }

    /// `ext4_journal_stop` → `jbd2_journal_stop`, printing `jbd2_handle_stats` with the blocks
    /// the handle dirtied. While `journal.holdingTask` is for `ctx`'s task (an operation whose
    /// handle the kernel still runs when the VFS reports the inode dirtying it causes, see
    /// `Replayer`), the stop waits until the task's next start, its operation's end
    /// (`releaseHeldHandle`) or a commit.
    public mutating func journalStop(_ id: HandleID, ctx: OperationContext) {
        journalStop(id, ctx: ctx, releasing: false)
    }

    mutating func journalStop(_ id: HandleID, ctx: OperationContext, releasing: Bool) {
        let h = journal.log[id]
        if !releasing, h.nestedIn == nil, h.isRunning, journal.holdingTask == ctx.pid {
            journal.hold(id)
            return
        }
        guard let record = journal.stop(id, at: ctx.timestampNs) else { return }
        emit("jbd2", "jbd2_handle_stats", ctx, [
            EventField("tid", .uint(record.tid)), EventField("type", .uint(UInt64(record.type.rawValue))),
            EventField("line_no", .uint(0)), EventField("interval", .int(0)), EventField("sync", .int(0)),
            EventField("requested_blocks", .int(Int64(record.requestedBlocks))),
            EventField("dirtied_blocks", .int(Int64(record.dirtiedBlocks))),
        ])
    }

    /// Within the operation that held it, the task's next handle follows its held one (the
    /// kernel stopped it already); after the operation a start nests in it.
    mutating func releaseHeldHandleWithinOperation(ctx: OperationContext) {
        if journal.holdingTask == ctx.pid, let h = journal.held[ctx.pid] { journalStop(h, ctx: ctx, releasing: true) }
    }

    /// Stops the handle `ctx`'s task held past its operation, if any.
    public mutating func releaseHeldHandle(ctx: OperationContext) {
        if let h = journal.held[ctx.pid] { journalStop(h, ctx: ctx, releasing: true) }
    }

    /// One handle around `body`: start, the blocks it dirties at once, `body`, stop.
    @discardableResult
    public mutating func withJournalHandle(_ type: HandleType, credits: Int, reserved: Int = 0, ino: UInt64?,
                                           caller: String, dirtying blocks: [MetadataBlock] = [],
                                           ctx: OperationContext, _ body: (inout Filesystem, HandleID) -> Void = { _, _ in }) -> HandleID {
        let id = journalStart(type, credits: credits, reserved: reserved, ino: ino, caller: caller, ctx: ctx)
        handleDirtyMetadata(id, blocks)
        body(&self, id)
        journalStop(id, ctx: ctx)
        return id
    }
}
