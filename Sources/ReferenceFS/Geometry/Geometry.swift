/// The shape of an ext4 filesystem as `dumpe2fs -h` prints it: what mke2fs decided, before any
/// file was written.
///
/// Sample lines it is read from:
///
///     Block count:              524288
///     Block size:               4096
///     Cluster size:             16384
///     Blocks per group:         32768
///     Flex block group size:    16
///     Total journal blocks:     16384
public struct Geometry: Sendable, Equatable {
    public var blockSize: Int
    public var blocksCount: UInt64
    public var freeBlocks: UInt64
    /// 1 on 1 KiB-block filesystems, else 0 (`s_first_data_block`).
    public var firstDataBlock: UInt64
    public var blocksPerGroup: UInt64
    /// Blocks per cluster: 1 unless bigalloc (`-C 16384` on 4 KiB blocks gives 4).
    public var clusterRatio: UInt64
    public var flexGroupSize: UInt64
    public var reservedGDTBlocks: UInt64
    public var descriptorSize: Int
    public var inodesPerGroup: UInt64
    public var inodeBlocksPerGroup: UInt64
    public var inodeSize: Int
    public var overheadClusters: UInt64?
    public var features: Set<String> {
        didSet { keepsBufferHead = Geometry.keepsBufferHead(features) }
    }
    /// Whether a feature keeps every inode on the buffer_head path under the iomap series
    /// (`IomapPath.fallsBack`): kept beside `features`, since it is asked on every write.
    public private(set) var keepsBufferHead = false
    public var journalInode: UInt64
    public var journalBlocks: UInt64

    public init(blockSize: Int = 4096, blocksCount: UInt64 = 524_288, freeBlocks: UInt64 = 498_132,
                firstDataBlock: UInt64 = 0, blocksPerGroup: UInt64 = 32_768, clusterRatio: UInt64 = 1,
                flexGroupSize: UInt64 = 16, reservedGDTBlocks: UInt64 = 255, descriptorSize: Int = 64,
                inodesPerGroup: UInt64 = 8192, inodeBlocksPerGroup: UInt64 = 512, inodeSize: Int = 256,
                overheadClusters: UInt64? = nil,
                features: Set<String> = ["has_journal", "extent", "flex_bg", "sparse_super", "64bit"],
                journalInode: UInt64 = 8, journalBlocks: UInt64 = 16_384) {
        self.blockSize = blockSize
        self.blocksCount = blocksCount
        self.freeBlocks = freeBlocks
        self.firstDataBlock = firstDataBlock
        self.blocksPerGroup = blocksPerGroup
        self.clusterRatio = clusterRatio
        self.flexGroupSize = flexGroupSize
        self.reservedGDTBlocks = reservedGDTBlocks
        self.descriptorSize = descriptorSize
        self.inodesPerGroup = inodesPerGroup
        self.inodeBlocksPerGroup = inodeBlocksPerGroup
        self.inodeSize = inodeSize
        self.overheadClusters = overheadClusters
        self.features = features
        self.keepsBufferHead = Geometry.keepsBufferHead(features)
        self.journalInode = journalInode
        self.journalBlocks = journalBlocks
    }

    /// inline_data, verity or encrypt, or no extents (`ext4_enable_buffered_iomap`).
    static func keepsBufferHead(_ f: Set<String>) -> Bool {
        f.contains("inline_data") || f.contains("verity") || f.contains("encrypt") || !f.contains("extent")
    }

    /// `s_blocksize_bits`.
    public var blockBits: Int { blockSize.trailingZeroBitCount }
    public var groupCount: UInt64 { (blocksCount - firstDataBlock + blocksPerGroup - 1) / blocksPerGroup }
    public var clustersPerGroup: UInt64 { blocksPerGroup / clusterRatio }
    public var isBigalloc: Bool { clusterRatio > 1 }
    /// Blocks of the group descriptor table (`s_gdb_count`).
    public var descriptorBlocks: UInt64 {
        (groupCount * UInt64(descriptorSize) + UInt64(blockSize) - 1) / UInt64(blockSize)
    }
    /// Inodes per inode-table block.
    public var inodesPerBlock: UInt64 { UInt64(blockSize / inodeSize) }

    /// `ext4_group_first_block_no`.
    public func firstBlock(ofGroup g: UInt64) -> UInt64 { firstDataBlock + g * blocksPerGroup }

    /// `ext4_get_group_no_and_offset`: the group of a block and its offset in clusters.
    public func groupAndOffset(of block: UInt64) -> (group: UInt64, clusterOffset: UInt64) {
        let rel = block - firstDataBlock
        return (rel / blocksPerGroup, (rel % blocksPerGroup) / clusterRatio)
    }

    /// The block of cluster `c` in group `g` (`ext4_group_first_block_no + EXT4_C2B`).
    public func block(group g: UInt64, clusterOffset c: UInt64) -> UInt64 {
        firstBlock(ofGroup: g) + c * clusterRatio
    }

    /// `ext4_bg_has_super`: group 0 and 1 and powers of 3, 5 and 7 hold a superblock backup
    /// under sparse_super (every group without it).
    public func hasSuperblockBackup(_ g: UInt64) -> Bool {
        if g == 0 || !features.contains("sparse_super") { return true }
        if g == 1 { return true }
        for base: UInt64 in [3, 5, 7] {
            var p = base
            while p < g { p *= base }
            if p == g { return true }
        }
        return false
    }

    /// The group an inode lives in.
    public func group(ofInode ino: UInt64) -> UInt64 { (ino - 1) / inodesPerGroup }

    public func checkInvariants() {
        precondition(blockSize.nonzeroBitCount == 1 && blockSize >= 1024, "block size")
        precondition(blocksPerGroup % clusterRatio == 0, "blocks per group not whole clusters")
        precondition(groupCount > 0, "no groups")
    }
}
