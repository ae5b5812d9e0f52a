extension IomapPath {
    /// The delay-map completion: one handle inserts the written extent the preallocation
    /// reserved at writeback (marking its blocks in the bitmap) and moves i_disksize with it. No
    /// unwritten extent ever exists, so there is no conversion.
    ///
    /// Modelling choices (the proposal names no type or credits): type `EXT4_HT_MAP_BLOCKS`,
    /// credits `ext4_chunk_trans_blocks(inode, len)`; an ioend over already-written blocks that
    /// ends past i_disksize takes the same handle for the size alone. Copy-on-write punching of
    /// old mappings is not modelled (ext4 has no shared extents).
    mutating func finishDelayMapIoend(_ key: InodeKey, _ io: SeriesIoend, _ c: OperationContext) {
        guard var inode = inodes[key] else { return }
        let end = min(UInt64(io.end) * geometry.blockSize, inode.size)
        guard io.needsMapping || end > inode.disksize else { return }
        let blocks = io.needsMapping ? metadataBlocks(forAllocationAt: io.physical, key) : [inodeBlock(key)]
        handle(.mapBlocks, credits: Self.chunkTransBlocks, dirtying: blocks, key,
               caller: "ext4_delaymap_end_io", c)
        if io.needsMapping {
            inode.states.set(io.start, io.length, .written, physical: io.physical)
            inode.esSeq += 1
        }
        inode.disksize = max(inode.disksize, end)
        inodes[key] = inode
    }
}
