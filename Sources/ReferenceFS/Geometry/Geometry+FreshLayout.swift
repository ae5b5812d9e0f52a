extension Geometry {
    /// The blocks a freshly made filesystem already uses, as mke2fs lays them out: per group the
    /// superblock backup, group descriptors and reserved GDT blocks; per flex group (in its first
    /// group) the block bitmaps, inode bitmaps and inode tables of all its groups; the journal in
    /// the middle group; and the few blocks of the root and lost+found directories right after
    /// group 0's metadata (the difference between the used and the overhead counts).
    ///
    /// Mirrors mke2fs's `ext2fs_initialize`/`ext2fs_allocate_tables`/`ext2fs_add_journal_inode`;
    /// leaves out resize inode blocks outside the reserved GDT area and the exact placement when
    /// a flex group's tables do not fit its first group.
    public func freshlyUsedBlocks() -> [Range<UInt64>] {
        var used: [Range<UInt64>] = []
        var cursor: [UInt64: UInt64] = [:]  // group → first block not yet laid out
        for g in 0..<groupCount {
            var start = firstBlock(ofGroup: g)
            if hasSuperblockBackup(g) {
                let n = 1 + descriptorBlocks + reservedGDTBlocks
                used.append(start..<start + n)
                start += n
            }
            cursor[g] = start
        }
        let flex = max(1, flexGroupSize)
        var g: UInt64 = 0
        while g < groupCount {
            let members = min(flex, groupCount - g)
            // Right after the reserved GDT blocks, not cluster-aligned (dumpe2fs of 2 GiB bigalloc
            // images: block bitmap at 17 with 64 KiB clusters, 33 with 32 KiB, 65 with 16 KiB).
            let start = cursor[g] ?? firstBlock(ofGroup: g)
            // Block bitmaps, inode bitmaps and inode tables, each run `flexTableOffset` blocks
            // after the previous one's start; the gaps stay free (a one-group filesystem with
            // 4 KiB blocks leaves 14 free blocks after each bitmap).
            let offset = flexTableOffset(firstGroup: g)
            used.append(start..<start + members)
            used.append(start + offset..<start + offset + members)
            let end = start + 2 * offset + members * inodeBlocksPerGroup
            used.append(start + 2 * offset..<end)
            cursor[g] = roundUpToCluster(end)
            g += flex
        }
        if journalBlocks > 0 {
            let jg = groupCount / 2
            let start = roundUpToCluster(cursor[jg] ?? firstBlock(ofGroup: jg))
            used.append(start..<min(blocksCount, start + journalBlocks))
            cursor[jg] = start + journalBlocks
        }
        // Root directory, lost+found, and whatever else mkfs wrote: after group 0's metadata.
        let overhead = (overheadClusters ?? 0) * clusterRatio
        let extra = blocksCount > freeBlocks + overhead ? blocksCount - freeBlocks - overhead : 0
        if extra > 0 {
            let start = roundUpToCluster(cursor[0] ?? firstDataBlock)
            used.append(start..<start + extra)
        }
        return used
    }

    /// How far apart mke2fs puts a flex group's block bitmaps, inode bitmaps and inode tables
    /// (`ext2fs_allocate_group_table`'s `table_offset`): the flex group size, except in the last
    /// flex group, where the tables are kept contiguous: its group count, or again the flex size
    /// when it has a single group (`last_grp & (flexbg_size - 1) == 0`). A one-group filesystem
    /// (bigalloc with 64 KiB clusters on 2 GiB) therefore leaves 2 × 16 blocks of bitmap room.
    /// Leaves out flexbg_offset's search when the room is taken.
    func flexTableOffset(firstGroup g: UInt64) -> UInt64 {
        let flex = max(1, flexGroupSize)
        let last = min(g + flex, groupCount) - 1
        guard last == groupCount - 1 else { return flex }
        let offset = last & (flex - 1)
        return offset == 0 ? flex : offset + 1
    }

    func roundUpToCluster(_ b: UInt64) -> UInt64 {
        let rel = b - firstDataBlock
        return firstDataBlock + (rel + clusterRatio - 1) / clusterRatio * clusterRatio
    }
}
