extension Filesystem {
    /// `ftruncate` to `size`.
    ///
    /// Mirrors `ext4_setattr`: a type-1 handle of 3 credits moves `i_disksize` (and puts a
    /// shrinking inode on the orphan list); shrinking then drops the page cache past the new end
    /// and runs `ext4_truncate` (the orphan-list head is in the superblock, so it is logged too): a type-5 handle that zeroes the new last partial block
    /// (`ext4_block_truncate_page`), removes the extents past it (`ext4_ext_remove_space`),
    /// frees their blocks and discards the inode's preallocations. Leaves out the orphan-list
    /// blocks and `ext4_begin_ordered_truncate`'s writeback wait.
    public mutating func setSize(_ ino: UInt64, to size: UInt64, path: any BufferedIOPath, ctx: OperationContext) {
        noteFileOpened(ctx: ctx)
        var inode = self[ino]
        let old = inode.sizeBytes
        guard size != old else { return }
        if size > old, kernel >= .linux7_3 { zeroEOFBlock(ino, at: old, path: path, ctx: ctx) }
        // Shrinking puts the inode on the orphan list, whose head lives in the superblock.
        let dirtied = size < old ? [inodeTableBlock(ino), .superblock] : [inodeTableBlock(ino)]
        withJournalHandle(.inode, credits: Credits.setattr, ino: ino, caller: "ext4_setattr", dirtying: dirtied, ctx: ctx)
        inode.sizeBytes = size
        inode.disksizeBytes = size
        inode.syncTid = journal.running.tid
        inode.datasyncTid = journal.running.tid
        self[ino] = inode
        guard size < old else { return }
        let bs = blockSize
        let firstGoneBlock = (size + bs - 1) / bs
        let firstGonePage = (size + 4095) >> 12
        inode.pages.drop(firstGonePage..<UInt64.max)
        inode.status.removeDelayed(firstGoneBlock..<UInt64.max)
        self[ino] = inode
        // ext4_truncate: the cut-off blocks leave the extent status tree.
        emitExtentStatusRemove(ino, firstGoneBlock, Filesystem.extMaxBlocks - min(firstGoneBlock, Filesystem.extMaxBlocks), ctx: ctx)
        // 7.3 zeroes the new EOF block before `ext4_truncate` (`ext4_block_zero_eof`, its own
        // handle); the iomap path zeroes through `iomap_zero_range` outside any handle; 6.18's
        // buffer_head path zeroes inside the truncate handle (`ext4_block_truncate_page`).
        let zeroesOutsideHandle = kernel >= .linux7_3 || !path.ordersData(self)
        if zeroesOutsideHandle {
            if kernel >= .linux7_3 { zeroEOFBlock(ino, at: size, path: path, ctx: ctx) } else { path.zeroPartialBlock(&self, ino: ino, at: size, ctx: ctx) }
        }
        let h = journalStart(.truncate, credits: Credits.truncate(geometry), ino: ino, caller: "ext4_truncate", ctx: ctx)
        handleDirtyMetadata(h, [inodeTableBlock(ino)])
        if !zeroesOutsideHandle { path.zeroPartialBlock(&self, ino: ino, at: size, ctx: ctx) }
        inode = self[ino]
        let nested = journalStart(.truncate, credits: Credits.removeSpace, ino: ino, caller: "ext4_ext_remove_space", ctx: ctx)
        let freed = inode.extents.remove(firstGoneBlock, UInt64(UInt32.max))
        self[ino] = inode
        freeBlocks(ino, freed, ctx: ctx)
        journalStop(nested, ctx: ctx)
        journalStop(h, ctx: ctx)
        allocator.discardPreallocations(inode: ino)
    }

    /// 7.3's `ext4_block_zero_eof`: the tail of the block holding the end of file `offset` is
    /// zeroed — at the new EOF when truncating down, and (new in 7.3) at the old EOF when
    /// truncating up. On the buffer_head path a zeroed block (delayed or written) is ordered
    /// under data=ordered in a type-0 handle of 1 credit (7.3-rc7 `truncate` capture: one at
    /// 10000 going down, one at the old EOF 10000 going up to 30000, none for a block-aligned
    /// size); the iomap path zeroes through `iomap_zero_range` without a handle.
    mutating func zeroEOFBlock(_ ino: UInt64, at offset: UInt64, path: any BufferedIOPath, ctx: OperationContext) {
        let bs = blockSize
        guard offset % bs != 0 else { return }
        let zeroes: Bool
        switch self[ino].status.status(of: offset / bs, in: self[ino].extents) {
        case .hole, .unwritten: zeroes = false
        case .delayed, .written: zeroes = true
        }
        if offset == self[ino].sizeBytes {
            path.zeroPartialBlock(&self, ino: ino, at: offset, ctx: ctx)
        } else {
            path.zeroBlockRange(&self, ino: ino, from: offset, length: bs - offset % bs, ctx: ctx)
        }
        if zeroes, options.data == .ordered, path.ordersData(self) {
            withJournalHandle(.misc, credits: 1, ino: ino, caller: "ext4_block_zero_eof", ctx: ctx)
        }
    }

    /// `fallocate` without PUNCH/ZERO: allocate unwritten extents over the holes of the range.
    ///
    /// Mirrors `ext4_fallocate` → `ext4_alloc_file_blocks`: one type-3 handle per
    /// `ext4_map_blocks(CREATE_UNWRIT_EXT)` call, each at most the longest unwritten extent;
    /// without KEEP_SIZE `i_size`/`i_disksize` move to the range end — on 6.18 in the last
    /// handle, on 7.3 in a handle of their own after the loop (type 0, 2 credits, at
    /// `ext4_alloc_file_blocks+0x36f`: 7.3-rc7's `falloc-overwrite` captures on both paths).
    /// Leaves out `ext4_chunk_trans_blocks`' exact credits.
    /// `mapFlags`: what the caller adds to `EXT4_GET_BLOCKS_CREATE_UNWRIT_EXT|NO_NORMALIZE`
    /// (`ext4_zero_range`: `CONVERT_UNWRITTEN|EX_NOCACHE`).
    public mutating func fallocate(_ ino: UInt64, offset: UInt64, len: UInt64, keepSize: Bool,
                                   mapFlags: MapFlags = [], ctx: OperationContext) {
        noteFileOpened(ctx: ctx)
        let bs = blockSize
        var lblk = offset / bs
        let end = (offset + len + bs - 1) / bs
        while lblk < end {
            let h = journalStart(.mapBlocks, credits: Credits.truncate(geometry), ino: ino, caller: "ext4_alloc_file_blocks", ctx: ctx)
            handleDirtyMetadata(h, [inodeTableBlock(ino)])
            let m = mapBlocks(ino, lblk, end - lblk, flags: mapFlags.union([.create, .unwritten, .noNormalize]), ctx: ctx)
            journalStop(h, ctx: ctx)
            guard m.lengthBlocks > 0 else { break }
            lblk += m.lengthBlocks
        }
        if !keepSize, offset + len > self[ino].sizeBytes {
            if kernel >= .linux7_3 {
                withJournalHandle(.misc, credits: Credits.inodeUpdate, ino: ino, caller: "ext4_alloc_file_blocks",
                                  dirtying: [inodeTableBlock(ino)], ctx: ctx)
            }
            self[ino].sizeBytes = offset + len
            self[ino].disksizeBytes = offset + len
        }
        self[ino].syncTid = journal.running.tid
        self[ino].datasyncTid = journal.running.tid
    }

    /// `ext4_punch_hole`: zero the partial blocks at the edges in the page cache, drop the
    /// range's folios, then in one type-5 handle remove the whole blocks' extents and free
    /// them. The range was written back first (its `ext4_writepages` events replay that).
    public mutating func punchHole(_ ino: UInt64, offset: UInt64, len: UInt64, path: any BufferedIOPath, ctx: OperationContext) {
        noteFileOpened(ctx: ctx)
        let bs = blockSize
        let end = min(offset + len, self[ino].sizeBytes)
        guard offset < end else { return }
        let first = (offset + bs - 1) / bs, last = end / bs
        zeroEdges(ino, offset, end, path: path, ctx: ctx)
        let h = journalStart(.truncate, credits: Credits.truncate(geometry), ino: ino, caller: "ext4_punch_hole", ctx: ctx)
        handleDirtyMetadata(h, [inodeTableBlock(ino)])
        defer { journalStop(h, ctx: ctx) }
        var inode = self[ino]
        if first < last {
            let nested = journalStart(.truncate, credits: Credits.removeSpace, ino: ino, caller: "ext4_ext_remove_space", ctx: ctx)
            defer { journalStop(nested, ctx: ctx) }
            inode.pages.drop(((first * bs + 4095) >> 12)..<(last * bs) >> 12)
            inode.status.removeDelayed(first..<last)
            let freed = inode.extents.remove(first, last)
            self[ino] = inode
            freeBlocks(ino, freed, ctx: ctx)
            handleDirtyMetadata(growTreeIfNeeded(ino, ctx: ctx), ctx: ctx)
            // ext4_punch_hole: the range leaves the extent status tree and comes back a hole.
            emitExtentStatusRemove(ino, first, last - first, ctx: ctx)
            emitExtentStatusInsert(ino, first, last - first, pblk: 0, status: "H", ctx: ctx)
        }
        self[ino].syncTid = journal.running.tid
        self[ino].datasyncTid = journal.running.tid
        allocator.discardPreallocations(inode: ino)
    }

    /// `ext4_zero_range`: partial edge blocks are zeroed in the page cache; whole blocks become
    /// unwritten extents (holes allocated, written extents converted) in type-3 handles
    /// (`ext4_alloc_file_blocks` with `EXT4_GET_BLOCKS_CONVERT_UNWRITTEN`).
    public mutating func zeroRange(_ ino: UInt64, offset: UInt64, len: UInt64, keepSize: Bool, path: any BufferedIOPath, ctx: OperationContext) {
        noteFileOpened(ctx: ctx)
        let bs = blockSize
        let end = offset + len
        let first = (offset + bs - 1) / bs, last = end / bs
        if first < last {
            var inode = self[ino]
            inode.pages.drop(((first * bs + 4095) >> 12)..<(last * bs) >> 12)
            inode.status.removeDelayed(first..<last)
            // Written blocks become unwritten in place: remove and reinsert as unwritten.
            let written = inode.extents.mapped(first, last)
            _ = inode.extents.remove(first, last)
            for var e in written {
                e.isUnwritten = true
                inode.extents.insert(e)
            }
            self[ino] = inode
            handleDirtyMetadata(growTreeIfNeeded(ino, ctx: ctx), ctx: ctx)
            fallocate(ino, offset: first * bs, len: (last - first) * bs, keepSize: true,
                      mapFlags: [.convertUnwritten, .exNoCache], ctx: ctx)
        }
        zeroEdges(ino, offset, end, path: path, ctx: ctx)
        if !keepSize, end > self[ino].sizeBytes {
            self[ino].sizeBytes = end
            self[ino].disksizeBytes = end
        }
    }

    mutating func zeroEdges(_ ino: UInt64, _ start: UInt64, _ end: UInt64, path: any BufferedIOPath, ctx: OperationContext) {
        let bs = blockSize
        guard start < end else { return }
        // ext4_zero_partial_blocks: a range inside one block is zeroed as it is; otherwise the
        // head from `start` to its block's end and the tail from its block's start to `end`.
        if start / bs == (end - 1) / bs, start % bs != 0 || end % bs != 0 {
            return path.zeroBlockRange(&self, ino: ino, from: start, length: end - start, ctx: ctx)
        }
        if start % bs != 0 { path.zeroBlockRange(&self, ino: ino, from: start, length: bs - start % bs, ctx: ctx) }
        if end % bs != 0 { path.zeroBlockRange(&self, ino: ino, from: end - end % bs, length: end % bs, ctx: ctx) }
    }
}
