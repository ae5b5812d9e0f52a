extension Filesystem {
    /// `fallocate(FALLOC_FL_COLLAPSE_RANGE)`: the block-aligned range goes and the rest of the
    /// file moves left.
    ///
    /// Mirrors `ext4_collapse_range`: the page cache from `offset` is dropped (the writeback
    /// before it shows as its own `ext4_writepages` events), preallocations discarded, and in
    /// one type-5 handle the range's extents are removed and freed and the later extents
    /// shifted; `i_size` and `i_disksize` shrink by `len`. Not exercised by the corpus.
    public mutating func collapseRange(_ ino: UInt64, offset: UInt64, len: UInt64, ctx: OperationContext) {
        guard let (start, count, shifting) = startShift(ino, offset: offset, len: len, ctx: ctx) else { return }
        var inode = shifting
        let freed = inode.extents.remove(start, start + count)
        inode.extents.shift(from: start + count, by: -Int64(count))
        inode.sizeBytes = inode.sizeBytes > len ? inode.sizeBytes - len : 0
        inode.disksizeBytes = inode.disksizeBytes > len ? inode.disksizeBytes - len : 0
        inode.syncTid = journal.running.tid
        inode.datasyncTid = journal.running.tid
        putInode(inode)
        freeBlocks(ino, freed, ctx: ctx)
        if let h = journal.current[ctx.pid] { journalStop(h, ctx: ctx) }
    }

    /// `fallocate(FALLOC_FL_INSERT_RANGE)`: a hole of `len` opens at `offset`, the rest of the
    /// file moves right. Mirrors `ext4_insert_range`: one type-5 handle splits the extent at
    /// `offset` and shifts the later ones; `i_size` and `i_disksize` grow by `len`. Not
    /// exercised by the corpus.
    public mutating func insertRange(_ ino: UInt64, offset: UInt64, len: UInt64, ctx: OperationContext) {
        guard let (start, count, shifting) = startShift(ino, offset: offset, len: len, ctx: ctx) else { return }
        var inode = shifting
        inode.extents.split(at: start)
        inode.extents.shift(from: start, by: Int64(count))
        inode.sizeBytes += len
        inode.disksizeBytes += len
        inode.syncTid = journal.running.tid
        inode.datasyncTid = journal.running.tid
        putInode(inode)
        handleDirtyMetadata(growTreeIfNeeded(ino, ctx: ctx), ctx: ctx)
        if let h = journal.current[ctx.pid] { journalStop(h, ctx: ctx) }
    }

    /// What `ext4_collapse_range` and `ext4_insert_range` share before they shift: a
    /// block-aligned range, the inode's preallocations discarded, one type-5 handle, the page
    /// cache and delayed extents from `offset` dropped. Nil (nothing done) when unaligned.
    private mutating func startShift(_ ino: UInt64, offset: UInt64, len: UInt64,
                                     ctx: OperationContext) -> (start: UInt64, count: UInt64, inode: Inode)? {
        noteFileOpened(ctx: ctx)
        let bs = blockSize
        guard offset % bs == 0, len % bs == 0, len > 0 else { return nil }
        let start = offset / bs
        allocator.discardPreallocations(inode: ino)
        let h = journalStart(.truncate, credits: Credits.truncate(geometry), ino: ino, caller: "ext4_ext_shift_range", ctx: ctx)
        handleDirtyMetadata(h, [inodeTableBlock(ino)])
        var inode = takeInode(ino)
        inode.pages.drop((offset >> 12)..<UInt64.max)
        inode.status.removeDelayed(start..<UInt64.max)
        return (start, len / bs, inode)
    }
}
