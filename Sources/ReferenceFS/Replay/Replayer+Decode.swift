import TraceParser

extension Replayer {
    /// The operation an allowed event asks for, if any, given what its name makes of it
    /// (`kind`, from `decodeKinds` once per event type: `EventRole`). Syscalls only note state
    /// (a pending truncate length, the task's last syscall) and the first file access of a mount.
    mutating func decode(_ e: TraceEvent, _ kind: DecodeKind) -> Operation? {
        func u(_ k: String) -> UInt64 { e[k]?.uint ?? 0 }
        let ino = e.inode ?? 0
        switch kind {
        case .allocateInode: return .createInode(ino: ino)
        case .writeBegin: return .writeBegin(ino: ino, pos: u("pos"), len: u("len"))
        case .writeEnd: return .writeEnd(ino: ino, pos: u("pos"), len: u("len"), copied: u("copied"))
        case .writepages:
            return .writepages(ino: ino, request: WritebackRequest(
                nrToWrite: u("nr_to_write"), rangeStart: u("range_start"), rangeEnd: u("range_end"),
                syncAll: u("sync_mode") == 1, rangeCyclic: u("range_cyclic") != 0, writebackIndex: u("writeback_index")))
        case .syncFileEnter: return .syncFileEnter(ino: ino, datasync: u("datasync") != 0)
        case .syncFileExit: return .syncFileExit(ino: ino)
        case .syncFilesystem: return .syncFilesystem(wait: u("wait") != 0)
        case .fallocate: return .fallocate(ino: ino, offset: u("offset"), len: u("len"), mode: u("mode"))
        case .punchHole: return .punchHole(ino: ino, offset: u("offset"), len: u("len"))
        case .zeroRange: return .zeroRange(ino: ino, offset: u("offset"), len: u("len"))
        case .collapseRange: return .collapseRange(ino: ino, offset: u("offset"), len: u("len"))
        case .insertRange: return .insertRange(ino: ino, offset: u("offset"), len: u("len"))
        case .readFolio: return .readFolio(ino: ino, index: u("index"))
        case .truncateEnter: return .truncateEnter(ino: ino)
        case .directWriteBegin:
            // Only writes allocate; a DIO read only maps.
            guard isDirectWrite(e) else { return nil }
            return .directWriteBegin(ino: ino, pos: u("pos"), count: u("count"))
        case .directWriteComplete: return .directWriteComplete(ino: ino, endPos: u("pos"))
        case .unlink: return .unlink(ino: ino, dir: u("parent"))
        case .dropInode: return .dropInode(ino: ino)
        case .evictInode: return .evictInode(ino: ino, nlink: u("nlink"))
        case .freeInode: return .freeInode(ino: ino)
        case .dirtyInode:
            return Replayer.dirtiesInode(e["flags"]) ? .dirtyInode(ino: ino) : nil
        case .ftruncate:
            pendingTruncate[e.pid] = u("length")
            return .fileSyscall
        case .fileSyscall:
            return .fileSyscall
        }
    }

    /// What `decode` makes of an event, by the event's name.
    enum DecodeKind {
        case allocateInode, writeBegin, writeEnd, writepages, syncFileEnter, syncFileExit, syncFilesystem
        case fallocate, punchHole, zeroRange, collapseRange, insertRange, readFolio, truncateEnter
        case directWriteBegin, directWriteComplete, unlink, dropInode, evictInode, freeInode, dirtyInode
        case ftruncate, fileSyscall
    }

    static let decodeKinds: [String: DecodeKind] = [
        "ext4_allocate_inode": .allocateInode,
        "ext4_da_write_begin": .writeBegin, "ext4_write_begin": .writeBegin,
        "ext4_da_write_end": .writeEnd, "ext4_write_end": .writeEnd, "ext4_journalled_write_end": .writeEnd,
        "ext4_writepages": .writepages,
        "ext4_sync_file_enter": .syncFileEnter, "ext4_sync_file_exit": .syncFileExit, "ext4_sync_fs": .syncFilesystem,
        "ext4_fallocate_enter": .fallocate, "ext4_punch_hole": .punchHole, "ext4_zero_range": .zeroRange,
        "ext4_collapse_range": .collapseRange, "ext4_insert_range": .insertRange,
        "ext4_read_folio": .readFolio, "ext4_truncate_enter": .truncateEnter,
        "iomap_dio_rw_begin": .directWriteBegin, "iomap_dio_complete": .directWriteComplete,
        "ext4_unlink_enter": .unlink, "ext4_drop_inode": .dropInode, "ext4_evict_inode": .evictInode,
        "ext4_free_inode": .freeInode, "writeback_dirty_inode_start": .dirtyInode,
        "sys_enter_ftruncate": .ftruncate,
        "sys_enter_pread64": .fileSyscall, "sys_enter_pwrite64": .fileSyscall, "sys_enter_fsync": .fileSyscall,
        "sys_enter_fdatasync": .fileSyscall, "sys_enter_fallocate": .fileSyscall, "sys_enter_msync": .fileSyscall,
    ]

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
