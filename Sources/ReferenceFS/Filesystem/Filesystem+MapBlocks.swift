/// How `ext4_map_blocks` is asked to map (`EXT4_GET_BLOCKS_*`).
public struct MapFlags: OptionSet, Sendable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }
    /// Allocate over holes.
    public static let create = MapFlags(rawValue: 1)
    /// New blocks are unwritten (`EXT4_GET_BLOCKS_UNWRIT_EXT`).
    public static let unwritten = MapFlags(rawValue: 2)
    /// The blocks had a delalloc reservation (`EXT4_GET_BLOCKS_DELALLOC_RESERVE`).
    public static let delalloc = MapFlags(rawValue: 4)
}

/// The context an operation runs in: the CPU, task and time of the event that asked for it.
public struct OperationContext: Sendable, Equatable {
    public var cpu: Int
    public var pid: Int
    public var timestampNs: UInt64
    /// The task's name, as the event that caused the operation printed it (`<...>` unknown).
    public var comm: String
    public init(cpu: Int = 0, pid: Int = 0, timestampNs: UInt64 = 0, comm: String = "<...>") {
        self.cpu = cpu
        self.pid = pid
        self.timestampNs = timestampNs
        self.comm = comm
    }
}

/// What one `ext4_map_blocks` call answered.
public struct BlockMapping: Sendable, Equatable {
    public var logicalBlock: UInt64
    public var lengthBlocks: UInt64
    /// nil for a hole (or delayed blocks when not creating).
    public var physicalBlock: UInt64?
    public var isUnwritten: Bool
    public var isNew: Bool
}

extension Filesystem {
    /// Maps up to `length` blocks from `lblk`, allocating over a hole when asked.
    ///
    /// Mirrors `ext4_map_blocks` → `ext4_ext_map_blocks`: a mapped first block answers with its
    /// extent's run; a hole is filled with one allocation of at most the hole's length and the
    /// maximum extent length, goal from `ext4_ext_find_goal`, bigalloc's implied cluster reused
    /// (`get_implied_cluster_alloc`), the new extent inserted (growing the tree a level when
    /// the inode's four slots overflow), delayed status dropped. The metadata the handle dirties
    /// (bitmap, descriptor, inode, tree node) is added to the running transaction. Leaves out
    /// the extent-status cache's partial answers and the `EXT4_GET_BLOCKS_PRE_IO` split of an
    /// unwritten extent before I/O.
    public mutating func mapBlocks(_ ino: UInt64, _ lblk: UInt64, _ length: UInt64, flags: MapFlags,
                                   ctx: OperationContext) -> BlockMapping {
        counters.mapBlocksCalls += 1
        counters.esLookups += 1
        var inode = self[ino]
        defer { self[ino] = inode }
        if let e = inode.extents.extent(containing: lblk) {
            let len = min(length, e.logicalEnd - lblk)
            return BlockMapping(logicalBlock: lblk, lengthBlocks: len, physicalBlock: e.physical(of: lblk),
                                isUnwritten: e.isUnwritten, isNew: false)
        }
        let nextMapped = inode.extents.right(of: lblk)?.logical ?? UInt64(UInt32.max)
        var len = min(length, nextMapped - lblk)
        guard flags.contains(.create) else {
            return BlockMapping(logicalBlock: lblk, lengthBlocks: len, physicalBlock: nil, isUnwritten: false, isNew: false)
        }
        let unwritten = flags.contains(.unwritten)
        len = min(len, UInt64(unwritten ? Extent.maxUnwrittenLength : Extent.maxWrittenLength))
        let ratio = geometry.clusterRatio
        var physical: UInt64
        if ratio > 1, let implied = impliedCluster(inode.extents, lblk) {
            physical = implied
            len = min(len, ratio - lblk % ratio)
        } else {
            let fallback = geometry.inodeGoalBlock(inode: ino, delalloc: options.usesDelalloc, pid: ctx.pid)
            let request = AllocationRequest(
                inode: ino, logicalBlock: lblk, lengthBlocks: len,
                goal: inode.extents.goal(for: lblk, fallback: fallback),
                left: inode.extents.left(of: lblk), right: inode.extents.right(of: lblk),
                isData: true, cpu: ctx.cpu, inodeSizeBytes: inode.sizeBytes, isOpenForWrite: inode.isOpenForWrite)
            guard let got = allocator.newBlocks(request) else {
                return BlockMapping(logicalBlock: lblk, lengthBlocks: 0, physicalBlock: nil, isUnwritten: false, isNew: false)
            }
            counters.allocations += 1
            physical = got.physicalBlock
            len = got.lengthBlocks
        }
        inode.extents.insert(Extent(logicalBlock: UInt32(lblk), lengthBlocks: UInt32(len),
                                    physicalBlock: physical, isUnwritten: unwritten))
        inode.status.removeDelayed(lblk..<lblk + len)
        self[ino] = inode
        var dirtied = allocationMetadata(physical) + [inodeTableBlock(ino)]
        dirtied += growTreeIfNeeded(ino, ctx: ctx)
        inode = self[ino]
        if let node = inode.extents.nodeBlocks.last { dirtied.append(.extentNode(node)) }
        handleDirtyMetadata(dirtied, ctx: ctx)
        inode.syncTid = journal.running.tid
        inode.datasyncTid = journal.running.tid
        return BlockMapping(logicalBlock: lblk, lengthBlocks: len, physicalBlock: physical,
                            isUnwritten: unwritten, isNew: true)
    }

    /// Grows the tree a level when its leaves no longer fit in the inode; returns the metadata
    /// dirtied. Mirrors `ext4_ext_grow_indepth`: one block for the new leaf, goal the first
    /// extent's physical block, allocated as metadata (no preallocation, first fit in the goal
    /// group).
    @discardableResult
    public mutating func growTreeIfNeeded(_ ino: UInt64, ctx: OperationContext) -> [MetadataBlock] {
        var inode = self[ino]
        guard inode.extents.needsNewLevel else { return [] }
        let goal = inode.extents.extents.first?.physicalBlock ?? geometry.inodeGoalBlock(inode: ino, delalloc: true, pid: ctx.pid)
        let meta = AllocationRequest(inode: ino, logicalBlock: 0, lengthBlocks: 1, goal: goal, isData: false, cpu: ctx.cpu)
        guard let got = allocator.newBlocks(meta) else { return [] }
        inode.extents.growDepth(leafBlock: got.physicalBlock)
        self[ino] = inode
        return allocationMetadata(got.physicalBlock) + [.extentNode(got.physicalBlock)]
    }

    /// The physical block for `lblk` when another block of its logical cluster is mapped.
    /// Mirrors `get_implied_cluster_alloc` (bigalloc); leaves out clusters shared across a
    /// partial-cluster boundary after a punch.
    func impliedCluster(_ tree: ExtentTree, _ lblk: UInt64) -> UInt64? {
        let ratio = geometry.clusterRatio
        let cstart = lblk / ratio * ratio
        for e in tree.mapped(cstart, cstart + ratio) {
            let p = e.physicalBlock - (UInt64(e.logicalBlock) - cstart)
            return p + (lblk - cstart)
        }
        return nil
    }

    /// Frees the blocks of removed extents (whole clusters no longer used by the inode).
    /// Mirrors `ext4_free_blocks` from `ext4_remove_blocks` (bitmap and descriptor dirtied);
    /// leaves out the deferred free until commit (`ext4_mb_free_metadata`: the kernel does not
    /// reuse freed blocks before the transaction commits; the model may) and discard.
    mutating func freeBlocks(_ ino: UInt64, _ ranges: [Range<UInt64>], ctx: OperationContext) {
        let ratio = geometry.clusterRatio
        var dirtied: [MetadataBlock] = []
        for r in ranges {
            var lo = r.lowerBound, hi = r.upperBound
            if ratio > 1 {
                lo = (lo + ratio - 1) / ratio * ratio
                hi = hi / ratio * ratio
                // A partial cluster is freed only if no mapped block of the inode still uses it.
                for edge in [r.lowerBound / ratio * ratio, (r.upperBound - 1) / ratio * ratio] where edge < lo || edge >= hi {
                    let stillUsed = self[ino].extents.extents.contains { $0.physicalBlock < edge + ratio && $0.physicalEnd > edge }
                    if !stillUsed { allocator.markFree(edge..<edge + ratio) }
                }
            }
            if lo < hi { allocator.markFree(lo..<hi) }
            dirtied += allocationMetadata(r.lowerBound)
        }
        handleDirtyMetadata(dirtied, ctx: ctx)
    }
}
