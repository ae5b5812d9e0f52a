extension IomapPath {
    /// A folio read: `ext4_iomap_read_folio` / `ext4_iomap_readahead` → `iomap_bio_read_folio`,
    /// one `ext4_iomap_buffered_read_begin` (an `ext4_map_blocks` query) per mapping. The model
    /// sees the buffer_head kernel's `ext4_read_folio` events, one per folio; each is one
    /// iteration. Leaves out readahead batching (one iteration may cover several folios).
    public func readFolio(_ fs: inout Filesystem, ino: UInt64, index: UInt64, ctx: OperationContext) {
        if fallsBack(fs) { return BufferHeadPath().readFolio(&fs, ino: ino, index: index, ctx: ctx) }
        fs.noteFileOpened(ctx: ctx)
        let bpp = fs.blocksPerPage
        fs.lookUpBlocks(ino, index * bpp, bpp, ctx: ctx)
        let run = statusRun(fs[ino], at: index * bpp, limit: (index + 1) * bpp)
        fs.counters.mapBlocksCalls += 1
        fs.emitExtentStatusLookup(ino, index * bpp, ctx: ctx)
        let seq = fs[ino].iomap.esSeq
        emitSetIomap(&fs, "ext4_iomap_buffered_read_begin", ino: ino, lblk: run.start, len: run.length,
                            mapFlags: run.mapFlags, seq: seq, offset: index << 12, length: 4096, iomapFlags: 0, ctx)
        emitDstmap(&fs, ino: ino, lblk: run.start, len: run.length, mapFlags: run.mapFlags, physical: run.physical, ctx: ctx)
        fs[ino].pages.markCached(index..<index + 1)
    }

    /// Zeroing the partial block at `offset` (truncate's new EOF, punch/zero-range edges):
    /// `ext4_iomap_block_zero_range` → `iomap_zero_range`, outside any handle, one
    /// `ext4_iomap_zero_begin`. Holes and clean unwritten blocks need nothing; delayed, written
    /// or dirty unwritten blocks are zeroed in the page cache. At a new EOF (truncate down) the
    /// zeroed block is written back at once (`filemap_write_and_wait_range` in `ext4_truncate`),
    /// the series' replacement for data=ordered.
    public func zeroPartialBlock(_ fs: inout Filesystem, ino: UInt64, at offset: UInt64, ctx: OperationContext) {
        if fallsBack(fs) { return BufferHeadPath().zeroPartialBlock(&fs, ino: ino, at: offset, ctx: ctx) }
        let bs = fs.blockSize
        guard offset % bs != 0 else { return }
        let zeroed = zeroRange(&fs, ino: ino, from: offset, length: bs - offset % bs, ctx: ctx)
        if zeroed, offset == fs[ino].sizeBytes {
            let request = WritebackRequest(rangeStart: offset, rangeEnd: offset + (bs - offset % bs) - 1)
            writepages(&fs, ino: ino, request: request, ctx: ctx)
        }
    }

    /// A punch or zero range's partial head or tail: `ext4_iomap_block_zero_range` →
    /// `iomap_zero_range` over exactly the bytes `ext4_zero_partial_blocks` asks for (one
    /// `ext4_iomap_zero_begin` with that `orig_off`/`orig_len`), outside any handle.
    public func zeroBlockRange(_ fs: inout Filesystem, ino: UInt64, from: UInt64, length: UInt64, ctx: OperationContext) {
        if fallsBack(fs) { return BufferHeadPath().zeroBlockRange(&fs, ino: ino, from: from, length: length, ctx: ctx) }
        zeroRange(&fs, ino: ino, from: from, length: length, ctx: ctx)
    }

    /// `iomap_zero_range` within one block with `ext4_iomap_zero_ops`; returns whether it
    /// dirtied the block.
    @discardableResult
    func zeroRange(_ fs: inout Filesystem, ino: UInt64, from: UInt64, length: UInt64, ctx: OperationContext) -> Bool {
        guard length > 0 else { return false }
        let bs = fs.blockSize
        let lblk = from / bs
        fs.lookUpBlocks(ino, lblk, 1, ctx: ctx)
        let run = statusRun(fs[ino], at: lblk, limit: lblk + 1)
        fs.emitExtentStatusLookup(ino, lblk, ctx: ctx)
        fs.counters.mapBlocksCalls += 1
        let seq = fs[ino].iomap.esSeq
        emitSetIomap(&fs, "ext4_iomap_zero_begin", ino: ino, lblk: lblk, len: 1, mapFlags: run.mapFlags, seq: seq,
                            offset: from, length: length, iomapFlags: Self.iomapZero, ctx)
        emitDstmap(&fs, ino: ino, lblk: lblk, len: 1, mapFlags: run.mapFlags, physical: run.physical, dirty: true, ctx: ctx)
        let page = from >> 12
        let dirtyHere = fs[ino].pages.dirty.contains(page)
        switch run.state {
        case .hole: return false
        case .unwritten where !dirtyHere: return false
        default: break
        }
        fs[ino].pages.markDirty(page..<page + 1)
        if fs[ino].iomap.folios[page] == nil && folio(containing: page, fs[ino].iomap) == nil { fs[ino].iomap.folios[page] = 1 }
        return true
    }
}
