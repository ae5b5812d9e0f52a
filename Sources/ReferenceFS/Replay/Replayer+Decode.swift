import TraceParser

extension Replayer {
    /// The operation an allowed event asks for, if any. Syscalls only note state (a pending
    /// truncate length, the task's last syscall) and the first file access of a mount.
    mutating func decode(_ e: TraceEvent) -> Operation? {
        func u(_ k: String) -> UInt64 { e[k]?.uint ?? 0 }
        let ino = e.inode ?? 0
        switch e.name {
        case "ext4_allocate_inode": return .createInode(ino: ino)
        case "ext4_da_write_begin", "ext4_write_begin": return .writeBegin(ino: ino, pos: u("pos"), len: u("len"))
        case "ext4_da_write_end", "ext4_write_end", "ext4_journalled_write_end":
            return .writeEnd(ino: ino, pos: u("pos"), len: u("len"), copied: u("copied"))
        case "ext4_writepages":
            return .writepages(ino: ino, request: WritebackRequest(
                nrToWrite: u("nr_to_write"), rangeStart: u("range_start"), rangeEnd: u("range_end"),
                syncAll: u("sync_mode") == 1, rangeCyclic: u("range_cyclic") != 0, writebackIndex: u("writeback_index")))
        case "ext4_sync_file_enter": return .syncFileEnter(ino: ino, datasync: u("datasync") != 0)
        case "ext4_sync_file_exit": return .syncFileExit(ino: ino)
        case "ext4_sync_fs": return .syncFilesystem(wait: u("wait") != 0)
        case "ext4_fallocate_enter": return .fallocate(ino: ino, offset: u("offset"), len: u("len"), mode: u("mode"))
        case "ext4_punch_hole": return .punchHole(ino: ino, offset: u("offset"), len: u("len"))
        case "ext4_zero_range": return .zeroRange(ino: ino, offset: u("offset"), len: u("len"))
        case "ext4_collapse_range": return .collapseRange(ino: ino, offset: u("offset"), len: u("len"))
        case "ext4_insert_range": return .insertRange(ino: ino, offset: u("offset"), len: u("len"))
        case "ext4_read_folio": return .readFolio(ino: ino, index: u("index"))
        case "ext4_truncate_enter": return .truncateEnter(ino: ino)
        case "iomap_dio_rw_begin":
            // Only writes allocate; a DIO read only maps.
            guard isDirectWrite(e) else { return nil }
            return .directWriteBegin(ino: ino, pos: u("pos"), count: u("count"))
        case "iomap_dio_complete": return .directWriteComplete(ino: ino, endPos: u("pos"))
        case "ext4_unlink_enter": return .unlink(ino: ino, dir: u("parent"))
        case "ext4_drop_inode": return .dropInode(ino: ino)
        case "ext4_evict_inode": return .evictInode(ino: ino, nlink: u("nlink"))
        case "ext4_free_inode": return .freeInode(ino: ino)
        case "writeback_dirty_inode_start":
            return Replayer.dirtiesInode(e["flags"]) ? .dirtyInode(ino: ino) : nil
        case "sys_enter_ftruncate":
            pendingTruncate[e.pid] = u("length")
            return .fileSyscall
        case "sys_enter_pread64", "sys_enter_pwrite64", "sys_enter_fsync", "sys_enter_fdatasync",
             "sys_enter_fallocate", "sys_enter_msync":
            return .fileSyscall
        default: return nil
        }
    }

    /// Whether `writeback_dirty_inode_start`'s `flags` include `I_DIRTY_SYNC` or
    /// `I_DIRTY_DATASYNC` (`I_DIRTY_INODE`). ftrace prints them by name; trace-cmd 3.1.6
    /// prints 6.18's values as hex (`flags=0x10`), where `I_DIRTY_SYNC` is 0x10,
    /// `I_DIRTY_DATASYNC` 0x20 and `I_DIRTY_PAGES` 0x40 (the corpus's `state=0x50` is printed
    /// `I_DIRTY_SYNC|I_DIRTY_PAGES` by ftrace).
    static func dirtiesInode(_ flags: FieldValue?) -> Bool {
        guard let flags else { return false }
        if let n = flags.uint { return n & 0x30 != 0 }
        guard let text = flags.string else { return false }
        if text.hasPrefix("0x"), let n = UInt64(text.dropFirst(2), radix: 16) { return n & 0x30 != 0 }
        return text.contains("I_DIRTY_SYNC") || text.contains("I_DIRTY_DATASYNC")
    }
}
