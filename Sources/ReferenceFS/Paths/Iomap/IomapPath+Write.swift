extension IomapPath {
    /// Inodes on the iomap path take whole writes; those the series leaves on buffer_head
    /// replay the capture's per-folio events.
    public func takesWholeWrites(_ fs: Filesystem) -> Bool { !fallsBack(fs) }

    /// "ext4: do not order data for inodes using buffered iomap path".
    public func ordersData(_ fs: Filesystem) -> Bool { fallsBack(fs) }

    /// One write(2), as `iomap_file_buffered_write` runs it: the `->iomap_begin` iterations
    /// over the whole range (`writeBegin`), then every folio's `iomap_write_end`
    /// (`writeEnd`). Leaves out short copies.
    public func bufferedWrite(_ fs: inout Filesystem, ino: UInt64, pos: UInt64, count: UInt64, ctx: OperationContext) {
        if fallsBack(fs) { return BufferHeadPath().bufferedWrite(&fs, ino: ino, pos: pos, count: count, ctx: ctx) }
        fs[ino].iomap.currentWrite = nil
        writeBegin(&fs, ino: ino, pos: pos, len: count, ctx: ctx)
        writeEnd(&fs, ino: ino, pos: pos, copied: count, ctx: ctx)
    }

    /// A buffered write, as the iomap path runs it: `ext4_buffered_write_iter` →
    /// `ext4_iomap_buffered_write` → `iomap_file_buffered_write`, one `->iomap_begin` per
    /// iteration over the whole remaining write.
    ///
    /// Called with the whole write by `bufferedWrite`; called directly with per-folio ranges (a
    /// caller that has no whole writes), a begin inside the write already mapped is the same
    /// write. `ext4_iomap_buffered_da_write_begin` → `ext4_da_map_blocks` clips the request to the
    /// extent-status run found and turns a hole into one delayed extent, no handle; without
    /// delalloc `ext4_iomap_get_blocks` allocates unwritten blocks in one `EXT4_HT_WRITE_PAGE`
    /// handle (`ext4_chunk_trans_blocks + 1`). Before the write `ext4_write_checks` zeroes the
    /// old EOF block past `i_size` when the write starts beyond it ("zero post EOF partial
    /// block before appending write").
    public func writeBegin(_ fs: inout Filesystem, ino: UInt64, pos: UInt64, len: UInt64, ctx: OperationContext) {
        if fallsBack(fs) { return BufferHeadPath().writeBegin(&fs, ino: ino, pos: pos, len: len, ctx: ctx) }
        fs.noteFileOpened(ctx: ctx)
        var state = fs[ino].iomap
        if let w = state.currentWrite, pos >= w.lowerBound, pos + len <= w.upperBound { return }
        state.currentWrite = pos..<pos + len
        fs[ino].iomap = state
        guard len > 0 else { return }
        let bs = fs.blockSize
        let size = fs[ino].sizeBytes
        if pos > size, size % bs != 0 {
            zeroRange(&fs, ino: ino, from: size, length: min(pos, (size / bs + 1) * bs) - size, ctx: ctx)
        }
        mapForWrite(&fs, ino: ino, pos: pos, len: len, iomapFlags: Self.iomapWrite, ctx: ctx)
    }

    /// The `->iomap_begin` iterations of a write or a write fault over `pos..<pos+len`
    /// (`ext4_iomap_buffered_do_write_begin`): one per extent-status run.
    func mapForWrite(_ fs: inout Filesystem, ino: UInt64, pos: UInt64, len: UInt64, iomapFlags: UInt32, ctx: OperationContext) {
        let bs = fs.blockSize
        var lblk = pos / bs
        let end = (pos + len + bs - 1) / bs
        var offset = pos
        while lblk < end {
            fs.lookUpBlocks(ino, lblk, end - lblk, ctx: ctx)
            var inode = fs[ino]
            var run = statusRun(inode, at: lblk, limit: end)
            var flags = run.mapFlags
            fs.emitExtentStatusLookup(ino, lblk, ctx: ctx)
            if run.state == .hole {
                if fs.options.usesDelalloc {
                    inode.iomap.esSeq += 1
                    fs[ino] = inode
                    fs.insertDelayed(ino, run.start..<run.end, ctx: ctx)
                    fs.counters.mapBlocksCalls += 1
                    flags = MappedFlags.delayed
                } else {
                    var m: BlockMapping? = nil
                    let wanted = run
                    withHandle(&fs, .writePage, credits: Self.chunkCredits(fs.geometry) + 1, dirtying: [],
                               ino: ino, caller: "ext4_iomap_get_blocks", ctx: ctx) { fs in
                        m = fs.mapBlocks(ino, wanted.start, wanted.length, flags: [.create, .unwritten], ctx: ctx)
                    }
                    fs[ino].iomap.esSeq += 1
                    run.length = max(1, m?.lengthBlocks ?? 0)
                    run.physical = m?.physicalBlock
                    // 7.3-rc7 prints NMU for the freshly allocated unwritten blocks.
                    flags = MappedFlags.new | MappedFlags.mapped | MappedFlags.unwritten
                }
            }
            let seq = fs[ino].iomap.esSeq
            emitSetIomap(&fs, "ext4_iomap_buffered_write_begin", ino: ino, lblk: run.start,
                                len: run.length, mapFlags: flags, seq: seq, offset: offset,
                                length: pos + len - offset, iomapFlags: iomapFlags, ctx)
            emitDstmap(&fs, ino: ino, lblk: run.start, len: run.length, mapFlags: flags, physical: run.physical, ctx: ctx)
            offset = min(pos + len, run.end * bs)
            lblk = run.end
        }
    }

    /// A write fault on a shared mapping: `ext4_iomap_page_mkwrite` → `iomap_page_mkwrite` with
    /// the (da) write ops: the folio's blocks are mapped as a write would map them (flags
    /// `IOMAP_WRITE|IOMAP_FAULT`, 0x9) and the folio is dirtied; `i_size` does not move. Leaves
    /// out the fault's `file_update_time` (its inode dirtying is an input of its own) and
    /// `folio_mkwrite_check_truncate`'s clipping at EOF.
    public func pageMkwrite(_ fs: inout Filesystem, ino: UInt64, pos: UInt64, length: UInt64, ctx: OperationContext) {
        if fallsBack(fs) { return BufferHeadPath().pageMkwrite(&fs, ino: ino, pos: pos, length: length, ctx: ctx) }
        fs.noteFileOpened(ctx: ctx)
        guard length > 0 else { return }
        mapForWrite(&fs, ino: ino, pos: pos, len: length, iomapFlags: Self.iomapWrite | Self.iomapFault, ctx: ctx)
        let first = pos >> 12, last = (pos + length + 4095) >> 12
        for page in first..<last where folio(containing: page, fs[ino].iomap) == nil { fs[ino].iomap.folios[page] = 1 }
        fs[ino].pages.markDirty(first..<last)
    }

    /// `iomap_write_end` → `__iomap_write_end` / `iomap_write_end`: the folio range is dirtied and
    /// `i_size` moves; `i_disksize` waits for the I/O ("delay updating the i_disksize until
    /// the I/O is done"). Folios are created as `iomap_get_folio` sizes them
    /// (`fgf_set_order(len)`): the largest aligned power of two the write covers.
    public func writeEnd(_ fs: inout Filesystem, ino: UInt64, pos: UInt64, copied: UInt64, ctx: OperationContext) {
        if fallsBack(fs) { return BufferHeadPath().writeEnd(&fs, ino: ino, pos: pos, copied: copied, ctx: ctx) }
        guard copied > 0 else { return }
        // Taken out of the filesystem, so growing its folio map copies nothing (a copy of
        // `fs[ino]` would share the map's storage and copy it whole on every write).
        var inode = fs.takeInode(ino)
        defer { fs.putInode(inode) }
        let end = pos + copied
        let first = pos >> 12, last = (end + 4095) >> 12
        var page = first
        let writeEnd = inode.iomap.currentWrite?.upperBound ?? end
        while page < last {
            if let (start, count) = folio(containing: page, inode.iomap) { page = start + count; continue }
            var size: UInt64 = 1
            while size * 2 <= Self.maxFolioPages(fs.kernel), page % (size * 2) == 0,
                  (page + size * 2) << 12 <= max(writeEnd, end),
                  !(page..<page + size * 2).contains(where: { inode.iomap.folios[$0] != nil }) {
                size *= 2
            }
            inode.iomap.folios[page] = size
            page += size
        }
        inode.pages.markDirty(first..<last)
        if end > inode.sizeBytes { inode.sizeBytes = end }
        // The write is over once its last folio ends: a later write to the same bytes is new.
        if let w = inode.iomap.currentWrite, end >= w.upperBound { inode.iomap.currentWrite = nil }
    }

    /// The folio holding `page`, if the page cache has one.
    func folio(containing page: UInt64, _ state: IomapInodeState) -> (UInt64, UInt64)? {
        var size: UInt64 = 1
        while size <= Self.maxFolioPages {
            let start = page - page % size
            if let n = state.folios[start], start + n > page { return (start, n) }
            size *= 2
        }
        return nil
    }
}
