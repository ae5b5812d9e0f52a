extension Geometry {
    /// What mke2fs laid out on a fresh filesystem: the blocks it uses and the root directory's
    /// first block.
    public struct FreshLayout: Equatable, Sendable {
        public var used: [Range<UInt64>]
        public var rootDirectoryBlock: UInt64?
    }

    /// The blocks a freshly made filesystem already uses, as mke2fs lays them out
    /// (`freshLayout()`).
    public func freshlyUsedBlocks() -> [Range<UInt64>] { freshLayout().used }

    /// mke2fs's layout, in its order: per group the superblock backup, group descriptors and
    /// reserved GDT blocks; per flex group the block bitmaps, inode bitmaps and inode tables of all
    /// its groups, each run `table_offset` blocks after the previous one (`flexbg_offset`: the
    /// flex group size, or for the last flex group its member count when that is short, so a
    /// one-group filesystem leaves 15-block holes between them); then, cluster by cluster from
    /// the start of group 0, the root directory, lost+found and whatever else mkfs wrote (the
    /// difference between the used and the overhead counts), the resize inode's block last from
    /// its own goal; then the journal from the first block of the middle group, filling free
    /// clusters in order (`ext2fs_fallocate`), holes first.
    ///
    /// Mirrors mke2fs's `ext2fs_initialize`/`ext2fs_allocate_group_table`/`create_root_dir`/
    /// `create_lost_and_found`/`ext2fs_create_resize_inode`/`ext2fs_add_journal_inode`; leaves
    /// out resize inode blocks outside the reserved GDT area and the placement when a flex
    /// group's tables do not fit its first group. Checked on 7.3's one-group bigalloc
    /// (fixtures/iomap/bigalloc-*: inode bitmap read at block 33, root directory at block 20, the
    /// first free cluster 1546) and 6.18's four-group ones (root at 8268).
    public func freshLayout() -> FreshLayout {
        var used: [Range<UInt64>] = []
        var cursor: [UInt64] = []  // per group: first block after its superblock backup
        for g in 0..<groupCount {
            var start = firstBlock(ofGroup: g)
            if hasSuperblockBackup(g) {
                let n = 1 + descriptorBlocks + reservedGDTBlocks
                used.append(start..<start + n)
                start += n
            }
            cursor.append(start)
        }
        let flex = max(1, flexGroupSize)
        var g: UInt64 = 0
        while g < groupCount {
            let members = min(flex, groupCount - g)
            let last = g + members - 1
            var tableOffset = flex
            if last == groupCount - 1 {
                let t = last & (flex - 1)
                tableOffset = t == 0 ? flex : t + 1
            }
            let blockBitmaps = cursor[Int(g)]
            let inodeBitmaps = blockBitmaps + tableOffset
            let inodeTables = inodeBitmaps + tableOffset
            used.append(blockBitmaps..<blockBitmaps + members)
            used.append(inodeBitmaps..<inodeBitmaps + members)
            used.append(inodeTables..<inodeTables + members * inodeBlocksPerGroup)
            g += flex
        }
        // Root directory, lost+found, and whatever else mkfs wrote, in clusters.
        let overhead = (overheadClusters ?? 0) * clusterRatio
        let extraBlocks = blocksCount > freeBlocks + overhead ? blocksCount - freeBlocks - overhead : 0
        var extraUnits = (extraBlocks + clusterRatio - 1) / clusterRatio
        var root: UInt64?
        let resizeUnit: UInt64 = reservedGDTBlocks > 0 && extraUnits > 1 ? 1 : 0
        var b = firstDataBlock
        while extraUnits > resizeUnit, let run = Self.freeRun(from: b, used: used, in: self) {
            if root == nil { root = run.lowerBound }
            used.append(run.lowerBound..<run.lowerBound + clusterRatio)
            b = run.lowerBound + clusterRatio
            extraUnits -= 1
        }
        if resizeUnit > 0 {
            // `ext2fs_create_resize_inode`: the double-indirect block's goal.
            let goal = firstDataBlock + 1 + descriptorBlocks + reservedGDTBlocks + 2 + inodeBlocksPerGroup
            if let run = Self.freeRun(from: goal, used: used, in: self) {
                used.append(run.lowerBound..<run.lowerBound + clusterRatio)
            }
        }
        if journalBlocks > 0 {
            var remaining = journalBlocks
            var at = firstBlock(ofGroup: groupCount / 2)
            while remaining > 0, let run = Self.freeRun(from: at, used: used, in: self) {
                let take = min(remaining, UInt64(run.count))
                used.append(run.lowerBound..<run.lowerBound + take)
                remaining -= take
                at = run.lowerBound + take
            }
        }
        return FreshLayout(used: used, rootDirectoryBlock: root)
    }

    /// The first run of free whole clusters at or after `block` (cluster-aligned; nil at the end).
    static func freeRun(from block: UInt64, used: [Range<UInt64>], in geometry: Geometry) -> Range<UInt64>? {
        let ratio = geometry.clusterRatio
        var c = geometry.roundUpToCluster(block)
        while c < geometry.blocksCount {
            if let r = used.first(where: { $0.lowerBound < c + ratio && $0.upperBound > c }) {
                c = geometry.roundUpToCluster(r.upperBound)
                continue
            }
            var end = geometry.blocksCount
            for r in used where r.lowerBound >= c && r.lowerBound < end { end = r.lowerBound }
            end = geometry.firstDataBlock + (end - geometry.firstDataBlock) / ratio * ratio
            return c..<max(end, c + ratio)
        }
        return nil
    }

    func roundUpToCluster(_ b: UInt64) -> UInt64 {
        let rel = b - firstDataBlock
        return firstDataBlock + (rel + clusterRatio - 1) / clusterRatio * clusterRatio
    }
}
