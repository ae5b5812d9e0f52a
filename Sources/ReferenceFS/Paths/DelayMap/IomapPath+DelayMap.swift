extension IomapPath {
    /// The delay-map completion: one handle enters the written extent the preallocation
    /// reserved at writeback (`ext4_map_blocks` without `UNWRIT_EXT`: bitmap, descriptor, inode)
    /// and moves `i_disksize` with it. No unwritten extent exists, so nothing is converted.
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
                lblk += m.lengthBlocks
            }
        }
        if io.needsMapping { fs[ino].iomap.esSeq += 1 }
        fs[ino].disksizeBytes = max(fs[ino].disksizeBytes, end)
        fs[ino].syncTid = fs.journal.running.tid
        fs[ino].datasyncTid = fs.journal.running.tid
    }
}
