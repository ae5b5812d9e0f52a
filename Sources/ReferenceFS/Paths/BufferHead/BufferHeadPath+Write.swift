extension BufferHeadPath {
    /// One folio of a buffered write begins.
    ///
    /// With delalloc mirrors `ext4_da_write_begin` → `ext4_block_write_begin` →
    /// `ext4_da_get_block_prep` → `ext4_da_map_blocks`: each block of the written range is
    /// looked up in the extent status tree; a hole gets a delalloc reservation (delayed status).
    /// Without delalloc, and under data=journal, mirrors `ext4_write_begin`: a type-2 handle of
    /// `ext4_writepage_trans_blocks` credits and `ext4_get_block` per block, allocating holes
    /// (written extents: `ext4_should_dioread_nolock` is off without delalloc). Leaves out the
    /// read of a partly overwritten block that is not uptodate, and the no-delalloc fallback
    /// when free space runs low (`ext4_nonda_switch`).
    public func writeBegin(_ fs: inout Filesystem, ino: UInt64, pos: UInt64, len: UInt64, ctx: OperationContext) {
        fs.noteFileOpened(ctx: ctx)
        let bs = fs.blockSize
        let first = pos / bs, end = (pos + max(len, 1) + bs - 1) / bs
        if fs.options.usesDelalloc {
            for lblk in first..<end {
                fs.emitExtentStatusLookup(ino, lblk, ctx: ctx)
                fs.lookUpBlocks(ino, lblk, 1, ctx: ctx)
                if case .hole = fs[ino].status.status(of: lblk, in: fs[ino].extents) {
                    fs.counters.mapBlocksCalls += 1
                    // `ext4_da_map_blocks` looks the block up again under `i_data_sem` held for
                    // writing before it inserts the delayed extent (a page fault or fallocate
                    // may have raced): ext4-seq-write-4k logs two lookups per block.
                    fs.emitExtentStatusLookup(ino, lblk, ctx: ctx)
                    fs.insertDelayed(ino, lblk..<lblk + 1, ctx: ctx)
                }
            }
            return
        }
        // The handle runs until this folio's `writeEnd` (`ext4_write_end` stops it).
        if let open = fs.journal.current[ctx.pid] { fs.journalStop(open, ctx: ctx) }
        let credits = Credits.writeBegin(fs.geometry, journalsData: fs.options.data == .journal)
        let h = fs.journalStart(.writePage, credits: credits, ino: ino, caller: "ext4_write_begin", ctx: ctx)
        for lblk in first..<end {
            fs.emitExtentStatusLookup(ino, lblk, ctx: ctx)
            if fs[ino].extents.extent(containing: lblk) == nil {
                // `ext4_block_write_begin` → `ext4_journal_ensure_extent_credits` before each
                // buffer's get_block: a multi-block folio's later blocks top the handle up by
                // what the earlier ones dirtied (6.18 heldout nodelalloc 8 KiB appends:
                // requested 34 and 33, jbd2_handle_extend by 2 and 1). It asks for one extent's
                // credits (`ext4_chunk_trans_extent(inode, 0)`: the metadata credits, 30).
                fs.journal.ensureCredits(h, needed: Credits.metaTransBlocks(fs.geometry))
                _ = fs.mapBlocks(ino, lblk, 1, flags: [.create], ctx: ctx)
            }
        }
    }

    /// One folio of a buffered write ends: the folio is dirtied and `i_size` moves.
    ///
    /// Mirrors `ext4_da_write_end` / `ext4_da_do_write_end`: `i_disksize` follows at once (in a
    /// type-1 handle) only when the write extends the file inside an already allocated,
    /// written block (`ext4_da_should_update_i_disksize`), and, in 6.18, when the write starts
    /// past the old EOF (a type-1 handle at another call site of `ext4_da_write_end`). 7.3 takes
    /// no handle there: a write past EOF ends like any other (7.3-rc7's buffer_head captures:
    /// every type-1 handle of `random-write` comes from `ext4_dirty_inode`, none from
    /// `ext4_da_write_end`). `ext4_write_end` and
    /// `ext4_journalled_write_end` update both sizes inside the write's own handle; under
    /// data=journal the written blocks are logged as metadata.
    public func writeEnd(_ fs: inout Filesystem, ino: UInt64, pos: UInt64, copied: UInt64, ctx: OperationContext) {
        guard copied > 0 else {
            if !fs.options.usesDelalloc, let h = fs.journal.current[ctx.pid] { fs.journalStop(h, ctx: ctx) }
            return
        }
        let bs = fs.blockSize
        var inode = fs.takeInode(ino)
        defer { fs.putInode(inode) }
        let end = pos + copied
        let pages = (pos >> 12)..<((end + 4095) >> 12)
        inode.pages.markDirty(pages)
        let oldSize = inode.sizeBytes
        let extends = end > oldSize
        if extends { inode.sizeBytes = end }
        if !fs.options.usesDelalloc {
            if fs.options.data == .journal {
                let blocks = (pos / bs..<(end + bs - 1) / bs).map { MetadataBlock.journalledData(inode: ino, block: $0) }
                fs.handleDirtyMetadata(blocks, ctx: ctx)
                inode.journalledPages.insert(pages)
            }
            if end > inode.disksizeBytes {
                inode.disksizeBytes = end
                fs.handleDirtyMetadata([fs.inodeTableBlock(ino)], ctx: ctx)
                inode.syncTid = fs.journal.running.tid
                inode.datasyncTid = fs.journal.running.tid
            }
            if let h = fs.journal.current[ctx.pid] { fs.journalStop(h, ctx: ctx) }
            return
        }
        if pos > oldSize, fs.kernel < .linux7_3 {
            // A write past EOF leaves a hole: the old EOF block's tail is zeroed and the inode
            // updated in a type-1 handle before the new size is exposed.
            inode.syncTid = fs.journal.running.tid
            inode.datasyncTid = fs.journal.running.tid
            fs.withJournalHandle(.inode, credits: Credits.inodeUpdate, ino: ino, caller: "ext4_da_write_end",
                                 dirtying: [fs.inodeTableBlock(ino)], ctx: ctx)
            return
        }
        if extends, end > inode.disksizeBytes,
           let e = inode.extents.extent(containing: (end - 1) / bs), !e.isUnwritten {
            inode.disksizeBytes = end
            inode.syncTid = fs.journal.running.tid
            inode.datasyncTid = fs.journal.running.tid
            fs.withJournalHandle(.inode, credits: Credits.daWriteEndSize(fs.kernel), ino: ino, caller: "ext4_da_write_end",
                                 dirtying: [fs.inodeTableBlock(ino)], ctx: ctx)
            return
        }
    }

    /// A folio read: `ext4_read_folio` / `ext4_mpage_readpages` maps the folio's blocks once.
    /// Leaves out readahead windows (each folio read is replayed as its event shows it).
    public func readFolio(_ fs: inout Filesystem, ino: UInt64, index: UInt64, ctx: OperationContext) {
        fs.noteFileOpened(ctx: ctx)
        fs.counters.mapBlocksCalls += 1
        fs.emitExtentStatusLookup(ino, index * fs.blocksPerPage, ctx: ctx)
        fs.lookUpBlocks(ino, index * fs.blocksPerPage, fs.blocksPerPage, ctx: ctx)
        fs[ino].pages.markCached(index..<index + 1)
    }

    /// Zeroes the rest of the block holding `offset` when that block is mapped or delayed.
    ///
    /// Mirrors `ext4_block_truncate_page` → `__ext4_block_zero_page_range`: the folio is read if
    /// needed, zeroed past `offset` and dirtied; under data=journal the block is logged.
    public func zeroPartialBlock(_ fs: inout Filesystem, ino: UInt64, at offset: UInt64, ctx: OperationContext) {
        let bs = fs.blockSize
        guard offset % bs != 0 else { return }
        let lblk = offset / bs
        var inode = fs[ino]
        fs.emitExtentStatusLookup(ino, lblk, ctx: ctx)
        switch inode.status.status(of: lblk, in: inode.extents) {
        case .hole, .unwritten: return
        case .delayed, .written: break
        }
        inode.pages.markDirty((offset >> 12)..<(offset >> 12) + 1)
        fs[ino] = inode
        if fs.options.data == .journal { fs.handleDirtyMetadata([.journalledData(inode: ino, block: lblk)], ctx: ctx) }
    }
}
