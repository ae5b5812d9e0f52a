import TraceParser

/// Which inode each journal handle was started for, from the events around it in one task:
///
///     ext4_journal_start_inode: dev 7,1 blocks 30, rsv_blocks 18, ..., type 2, ino 12, caller ext4_do_writepages+0x458/0xf20
///     jbd2_handle_start: dev 7,1 tid 3 type 2 line_no 2942 requested_blocks 31
///     ext4_journal_start_inode: dev 7,1 blocks 2, ..., type 1, ino 12, caller ext4_dirty_inode+0x34/0x90
///     jbd2_handle_stats: dev 7,1 tid 3 type 2 line_no 2942 interval 0 sync 0 requested_blocks 31 dirtied_blocks 3
///
/// `__ext4_journal_start` logs the request (`ext4_journal_start_inode`, or `_sb` and
/// `_reserved` without an inode), then `jbd2__journal_start` logs `jbd2_handle_start` only
/// for a new handle: a start inside a running handle of the task only takes a reference
/// (`journal_current_handle()`), so the type-1 start above belongs to the type-2 handle.
/// `jbd2_journal_stop` of the outermost reference logs `jbd2_handle_stats` in the same task.
/// A handle started without an inode (`ext4_journal_start_reserved` of an unwritten
/// conversion, `_sb` of `__ext4_new_inode`) takes the first inode an ext4 event of the task
/// names while it is open (`ext4_ext_handle_unwritten_extents`, `ext4_allocate_inode`).
///
/// One rule for the whole analyzer: `diff`'s handle facts (`FactExtractor`) and `report`'s
/// handles per inode (`JournalTracker`) both use it.
struct HandleInodes {
    /// Per task: the inode of the last `ext4_journal_start_*` (nil for `_sb`, `_reserved`).
    private var requested: [Int: UInt64?] = [:]
    /// Per task: the inodes of the handles it holds open, innermost last.
    private var open: [Int: [UInt64?]] = [:]
    /// How many handles in `open` no inode names yet: while none, `noteInode` has nothing to do.
    private var unnamed = 0

    /// Notes `e`; for a `jbd2_handle_stats`, returns the inode its handle was started for.
    mutating func note(_ e: TraceEvent) -> UInt64? {
        switch e.name {
        case "ext4_journal_start_inode": requested[e.pid] = .some(e.inode)
        case "ext4_journal_start_sb", "ext4_journal_start_reserved": requested[e.pid] = .some(nil)
        case "jbd2_handle_start":
            let ino = requested[e.pid] ?? nil
            if ino == nil { unnamed += 1 }
            open[e.pid, default: []].append(ino)
            requested[e.pid] = nil
        case "jbd2_handle_stats":
            guard let closed = open[e.pid]?.popLast() else { return nil }
            if closed == nil { unnamed -= 1 }
            return closed
        default:
            if e.system == "ext4", let ino = e.inode { noteInode(ino, pid: e.pid) }
        }
        return nil
    }

    /// An ext4 event of task `pid` naming `ino`: names the task's innermost open handle if
    /// nothing has yet.
    mutating func noteInode(_ ino: UInt64, pid: Int) {
        // No hash while every open handle is named; else one, in place: `report` runs this
        // for every ext4 event.
        guard unnamed > 0, let i = open.index(forKey: pid), let last = open.values[i].indices.last,
              open.values[i][last] == nil else { return }
        open.values[i][last] = ino
        unnamed -= 1
    }
}
