extension Filesystem {
    /// `fallocate(FALLOC_FL_COLLAPSE_RANGE)`: the block-aligned range goes and the rest of the
    /// file moves left.
    ///
    /// Mirrors `ext4_collapse_range`: the page cache from `offset` is dropped (the writeback
    /// before it shows as its own `ext4_writepages` events), preallocations discarded, and in
    /// one type-5 handle the range's extents are removed and freed and the later extents
    /// shifted; `i_size` and `i_disksize` shrink by `len`. Not exercised by the corpus.
    public mutating func collapseRange(_ ino: UInt64, offset: UInt64, len: UInt64, ctx: OperationContext) {
        noteFileOpened(ctx: ctx)
        let bs = blockSize
        guard offset % bs == 0, len % bs == 0, len > 0 else { return }
        let start = offset / bs, count = len / bs
        allocator.discardPreallocations(inode: ino)
        journal.handle(.truncate, credits: Credits.truncate(geometry),
                       dirtying: [inodeTableBlock(ino)], at: ctx.timestampNs)
        var inode = takeInode(ino)
        inode.pages.drop((offset >> 12)..<UInt64.max)
        inode.status.removeDelayed(start..<UInt64.max)
        let freed = inode.extents.remove(start, start + count)
        inode.extents.shift(from: start + count, by: -Int64(count))
        inode.sizeBytes = inode.sizeBytes > len ? inode.sizeBytes - len : 0
        inode.disksizeBytes = inode.disksizeBytes > len ? inode.disksizeBytes - len : 0
        inode.syncTid = journal.running.tid
        inode.datasyncTid = journal.running.tid
        putInode(inode)
        freeBlocks(ino, freed)
    }

    /// `fallocate(FALLOC_FL_INSERT_RANGE)`: a hole of `len` opens at `offset`, the rest of the
    /// file moves right. Mirrors `ext4_insert_range`: one type-5 handle splits the extent at
    /// `offset` and shifts the later ones; `i_size` and `i_disksize` grow by `len`. Not
    /// exercised by the corpus.
    public mutating func insertRange(_ ino: UInt64, offset: UInt64, len: UInt64, ctx: OperationContext) {
        noteFileOpened(ctx: ctx)
        let bs = blockSize
        guard offset % bs == 0, len % bs == 0, len > 0 else { return }
        let start = offset / bs, count = len / bs
        allocator.discardPreallocations(inode: ino)
        journal.handle(.truncate, credits: Credits.truncate(geometry),
                       dirtying: [inodeTableBlock(ino)], at: ctx.timestampNs)
        var inode = takeInode(ino)
        inode.pages.drop((offset >> 12)..<UInt64.max)
        inode.status.removeDelayed(start..<UInt64.max)
        inode.extents.split(at: start)
        inode.extents.shift(from: start, by: Int64(count))
        inode.sizeBytes += len
        inode.disksizeBytes += len
        inode.syncTid = journal.running.tid
        inode.datasyncTid = journal.running.tid
        putInode(inode)
        journal.dirty(growTreeIfNeeded(ino, ctx: ctx))
    }
}
