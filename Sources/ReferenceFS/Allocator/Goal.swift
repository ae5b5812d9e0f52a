extension Geometry {
    /// The first block a new file's data should go near.
    ///
    /// Mirrors `ext4_inode_to_goal_block`: with flex groups of 4 or more, regular files start in
    /// the second group of their inode's flex group (the first is left to directories); without
    /// delalloc a colour of `(pid % 16) * blocks_per_group / 16` spreads writers.
    public func inodeGoalBlock(inode: UInt64, delalloc: Bool, pid: Int) -> UInt64 {
        var group = self.group(ofInode: inode)
        if flexGroupSize >= 4 {
            group &= ~(flexGroupSize - 1)
            group += 1
        }
        group = min(group, groupCount - 1)
        let start = firstBlock(ofGroup: group)
        if delalloc { return start }
        let last = blocksCount - 1
        let colour: UInt64
        if start + blocksPerGroup <= last {
            colour = UInt64(pid % 16) * (blocksPerGroup / 16)
        } else {
            colour = UInt64(pid % 16) * ((last - start) / 16)
        }
        return start + colour
    }
}

extension ExtentTree {
    /// The goal block for mapping `lblk`: next to the nearest mapped extent, else the inode's.
    ///
    /// Mirrors `ext4_ext_find_goal`: from the extent `ext4_find_extent` lands on, the physical
    /// block at the same distance as the logical one.
    public func goal(for lblk: UInt64, fallback: UInt64) -> UInt64 {
        guard let e = nearestExtent(to: lblk) else { return fallback }
        let l = UInt64(e.logicalBlock)
        if lblk > l { return e.physicalBlock + (lblk - l) }
        return e.physicalBlock >= l - lblk ? e.physicalBlock - (l - lblk) : e.physicalBlock
    }
}
