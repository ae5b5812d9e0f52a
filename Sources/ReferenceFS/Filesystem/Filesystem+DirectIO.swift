extension Filesystem {
    /// An O_DIRECT write starts (`iomap_dio_rw_begin`); returns whether it extends the file.
    ///
    /// Mirrors `ext4_dio_write_iter`: an extending write first puts the inode on the orphan list
    /// in a type-1 handle; then `iomap_dio_rw` calls `ext4_iomap_begin` per mapping, and each
    /// unmapped range is allocated by `ext4_iomap_alloc` in its own type-3 handle (written
    /// blocks past EOF, unwritten blocks inside it). Leaves out the unwritten-extent conversion
    /// at I/O end for writes into holes inside EOF, and overwrite fast paths' locking.
    public mutating func directWriteBegin(_ ino: UInt64, pos: UInt64, count: UInt64, ctx: OperationContext) -> Bool {
        noteFileOpened(ctx: ctx)
        let extending = pos + count > self[ino].sizeBytes
        if extending {
            withJournalHandle(.inode, credits: Credits.inodeUpdate, ino: ino, caller: "ext4_file_write_iter",
                              dirtying: [inodeTableBlock(ino)], ctx: ctx)
        }
        let bs = blockSize
        var lblk = pos / bs
        let end = (pos + count + bs - 1) / bs
        while lblk < end {
            counters.iomapBeginCalls += 1
            if let e = self[ino].extents.extent(containing: lblk) {
                counters.mapBlocksCalls += 1
                lblk = min(end, e.logicalEnd)
                continue
            }
            let h = journalStart(.mapBlocks, credits: Credits.truncate(geometry), ino: ino, caller: "ext4_iomap_begin", ctx: ctx)
            handleDirtyMetadata(h, [inodeTableBlock(ino)])
            var flags: MapFlags = [.create]
            if lblk * bs < self[ino].sizeBytes { flags.insert(.unwritten) }
            let m = mapBlocks(ino, lblk, end - lblk, flags: flags, ctx: ctx)
            journalStop(h, ctx: ctx)
            guard m.lengthBlocks > 0 else { break }
            lblk += m.lengthBlocks
        }
        return extending
    }

    /// An O_DIRECT write completes (`iomap_dio_complete`): an extending write moves `i_size`
    /// and `i_disksize` and leaves the orphan list in a type-1 handle
    /// (`ext4_handle_inode_extension`).
    public mutating func directWriteComplete(_ ino: UInt64, endPos: UInt64, extending: Bool, ctx: OperationContext) {
        guard extending else { return }
        var inode = self[ino]
        inode.sizeBytes = max(inode.sizeBytes, endPos)
        inode.disksizeBytes = max(inode.disksizeBytes, endPos)
        inode.syncTid = journal.running.tid
        inode.datasyncTid = journal.running.tid
        self[ino] = inode
        withJournalHandle(.inode, credits: Credits.inodeUpdate, ino: ino, caller: "ext4_handle_inode_extension",
                          dirtying: [inodeTableBlock(ino)], ctx: ctx)
    }
}
