/// The multiblock allocator (fs/ext4/mballoc.c): free space per group, inode and per-CPU
/// locality-group preallocations, and the stream goal.
public struct Mballoc: Sendable, Equatable {
    public let geometry: Geometry
    public private(set) var groups: [GroupBitmap]
    /// Inode preallocations (`ei->i_prealloc_list`), by inode.
    public internal(set) var inodePreallocations: [UInt64: [Preallocation]] = [:]
    /// Locality-group preallocations (`sbi->s_locality_groups`, per CPU), by CPU.
    public internal(set) var localityGroups: [Int: [Preallocation]] = [:]
    /// `sbi->s_mb_last_groups`: where the last stream allocation of inodes hashing here ended.
    var lastStreamGroups: [UInt64?]

    /// `s_mb_stream_request`: files larger than this many blocks allocate as streams.
    public var streamRequestBlocks: UInt64 = 16
    /// `s_mb_group_prealloc`: the size of a locality-group preallocation, in clusters.
    public var groupPreallocClusters: UInt64
    /// `s_mb_order2_reqs`.
    public var order2Requests = 2
    /// `s_mb_min_to_scan` / `s_mb_max_to_scan`.
    public var minToScan = 10, maxToScan = 200

    /// Blocks allocated so far (data and metadata), for the `allocations` counter.
    public internal(set) var allocationCount = 0

    /// The allocator of a freshly made filesystem with `cpus` CPUs.
    public init(geometry: Geometry, cpus: Int = 2) {
        self.geometry = geometry
        let perGroup = Int(geometry.clustersPerGroup)
        var groups: [GroupBitmap] = []
        for g in 0..<geometry.groupCount {
            var bm = GroupBitmap(clusters: perGroup)
            let first = geometry.firstBlock(ofGroup: g)
            let last = min(geometry.blocksCount, first + geometry.blocksPerGroup)
            let inGroup = Int((last - first + geometry.clusterRatio - 1) / geometry.clusterRatio)
            if inGroup < perGroup { bm.markUsed(inGroup..<perGroup) }
            groups.append(bm)
        }
        self.groups = groups
        groupPreallocClusters = max(1, 512 / geometry.clusterRatio)
        lastStreamGroups = Array(repeating: nil, count: max(1, cpus))
        for r in geometry.freshlyUsedBlocks() { markUsed(r) }
    }

    /// `MB_NUM_ORDERS(sb) - 1`: the largest buddy order.
    var maxOrder: Int { geometry.blockBits + 1 }

    /// Marks the blocks of `r` used (whole clusters).
    mutating func markUsed(_ r: Range<UInt64>) { forEachGroupPart(r) { g, c in groups[g].markUsed(c) } }
    /// Marks the blocks of `r` free (whole clusters).
    mutating func markFree(_ r: Range<UInt64>) { forEachGroupPart(r) { g, c in groups[g].markFree(c) } }

    private func forEachGroupPart(_ r: Range<UInt64>, _ body: (Int, Range<Int>) -> Void) {
        guard !r.isEmpty else { return }
        var b = max(r.lowerBound, geometry.firstDataBlock)
        while b < r.upperBound {
            let (g, c) = geometry.groupAndOffset(of: b)
            guard g < geometry.groupCount else { return }
            let groupEnd = geometry.firstBlock(ofGroup: g) + geometry.blocksPerGroup
            let end = min(r.upperBound, groupEnd)
            let (_, cEnd) = geometry.groupAndOffset(of: end - 1)
            body(Int(g), Int(c)..<Int(cEnd) + 1)
            b = end
        }
    }

    public func isUsed(_ block: UInt64) -> Bool {
        let (g, c) = geometry.groupAndOffset(of: block)
        return groups[Int(g)].isUsed(Int(c))
    }

    public var freeBlocks: UInt64 {
        groups.reduce(0) { $0 + UInt64($1.freeClusters) } * geometry.clusterRatio
    }

    public func checkInvariants() {
        for g in groups { g.checkInvariants() }
        for (_, pas) in inodePreallocations { for pa in pas { pa.checkInvariants() } }
        for (_, pas) in localityGroups { for pa in pas { pa.checkInvariants() } }
    }
}
