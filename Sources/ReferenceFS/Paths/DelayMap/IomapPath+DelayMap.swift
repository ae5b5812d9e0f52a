extension IomapPath {
    /// The delay-map completion: one handle enters the written extent the preallocation
    /// reserved at writeback (`ext4_map_blocks` without `UNWRIT_EXT`: bitmap, descriptor, inode)
    /// and moves `i_disksize` with it. Blocks that were already **unwritten** before the
    /// writeback — fallocated space, or the non-delalloc write path's allocations
    /// (`ext4_iomap_get_blocks` allocates unwritten) — are converted in the same handle, as
    /// `ext4_iomap_finish_ioend` → `ext4_convert_unwritten_extents` does in the series: the
    /// proposal only stops *new* delayed blocks from being allocated unwritten; it keeps the
    /// unwritten flag (and its conversion at completion) for extents that already carry it.
    ///
    /// Modelling choices (the proposal names no type or credits): `EXT4_HT_MAP_BLOCKS`,
    /// `ext4_chunk_trans_blocks` credits; an ioend over written blocks that ends past
    /// `i_disksize` takes the same handle for the size alone. The allocation itself is the
    /// model's mballoc at completion time, which in a replay is the same moment as writeback.
    /// Copy-on-write punching of old mappings is not modelled (ext4 shares no extents).
    func finishDelayMapIoend(_ fs: inout Filesystem, ino: UInt64, _ io: SeriesIoend, ctx: OperationContext) {
        let end = min(io.end * fs.blockSize, fs[ino].sizeBytes)
        guard io.needsMapping || end > fs[ino].disksizeBytes else { return }
        withHandle(&fs, .mapBlocks, credits: Self.chunkCredits(fs.geometry),
                   dirtying: [fs.inodeTableBlock(ino)], ino: ino, caller: "ext4_delaymap_end_io", ctx: ctx) { fs in
            var lblk = io.start
            while io.needsMapping, lblk < io.end {
                let m = fs.mapBlocks(ino, lblk, io.end - lblk, flags: [.create, .delalloc, .metadataNoFail, .exNoCache], ctx: ctx)
                guard m.lengthBlocks > 0 else { break }
                if m.isUnwritten && !m.isNew { convertUnwritten(&fs, ino: ino, lblk..<lblk + m.lengthBlocks, ctx: ctx) }
                lblk += m.lengthBlocks
            }
        }
        if io.needsMapping { fs[ino].iomap.esSeq += 1 }
        fs[ino].disksizeBytes = max(fs[ino].disksizeBytes, end)
        fs[ino].syncTid = fs.journal.running.tid
        fs[ino].datasyncTid = fs.journal.running.tid
    }

    /// Converts the unwritten blocks `range` of `ino` to written inside the running completion
    /// handle: `ext4_convert_unwritten_extents` → `ext4_ext_map_blocks(EXT4_GET_BLOCKS_CONVERT)`
    /// → `ext4_convert_unwritten_extents_endio`, which splits the extent where the range does
    /// not cover it and may grow the tree (`ext4_ext_grow_indepth`). Dirties the inode and the
    /// last extent leaf, as `finishIoend` does. Leaves out the merge of the converted part with
    /// written neighbours (`ext4_ext_try_to_merge`).
    func convertUnwritten(_ fs: inout Filesystem, ino: UInt64, _ range: Range<UInt64>, ctx: OperationContext) {
        var inode = fs[ino]
        fs.counters.unwrittenConversions += inode.extents.convertToWritten(range.lowerBound, range.upperBound)
        fs[ino] = inode
        var dirtied = [fs.inodeTableBlock(ino)] + fs.growTreeIfNeeded(ino, ctx: ctx)
        if let node = fs[ino].extents.nodeBlocks.last { dirtied.append(.extentNode(node)) }
        fs.handleDirtyMetadata(dirtied, ctx: ctx)
    }
}
