extension Geometry {
    /// The root directory's first block as mke2fs places it (`create_root_dir` right after
    /// `ext2fs_allocate_tables`): the first cluster after group 0's superblock, descriptors,
    /// reserved GDT blocks and its flex group's bitmaps and inode tables (laid out unaligned,
    /// only the end rounded up to a cluster) — the start of what
    /// `freshlyUsedBlocks` calls the directories' blocks. nil when the dumpe2fs counts leave no
    /// room for it (a geometry without usage counts).
    public var rootDirectoryBlock: UInt64? {
        let overhead = (overheadClusters ?? 0) * clusterRatio
        guard blocksCount > freeBlocks + overhead else { return nil }
        var start = firstBlock(ofGroup: 0)
        if hasSuperblockBackup(0) { start += 1 + descriptorBlocks + reservedGDTBlocks }
        let members = min(max(1, flexGroupSize), groupCount)
        start = start + 2 * flexTableOffset(firstGroup: 0) + members * inodeBlocksPerGroup
        return roundUpToCluster(start)
    }
}
