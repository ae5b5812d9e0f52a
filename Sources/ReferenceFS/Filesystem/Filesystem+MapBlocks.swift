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
    /// The rest carry the kernel's values (fs/ext4/ext4.h, 6.18 and 7.3 alike) only so that the
    /// model's `ext4_ext_map_blocks_*` events print the flags the kernel's call site passes.
    /// `EXT4_GET_BLOCKS_PRE_IO`: split an unwritten extent before I/O (6.18 writeback).
    public static let preIO = MapFlags(rawValue: 0x8)
    /// `EXT4_GET_BLOCKS_CONVERT`: convert unwritten blocks after I/O.
    public static let convert = MapFlags(rawValue: 0x10)
    public static let metadataNoFail = MapFlags(rawValue: 0x20)
    /// `EXT4_GET_BLOCKS_NO_NORMALIZE`: fallocate's requests (mballoc gets `HINT_NOPREALLOC`).
    public static let noNormalize = MapFlags(rawValue: 0x40)
    public static let convertUnwritten = MapFlags(rawValue: 0x100)
    public static let zero = MapFlags(rawValue: 0x200)
    public static let ioSubmit = MapFlags(rawValue: 0x400)
    /// `EXT4_EX_NOCACHE`: the extent tree walk does not cache what it reads.
    public static let exNoCache = MapFlags(rawValue: 0x4000_0000)

    /// `show_map_flags()` (include/trace/events/ext4.h): the names of the set bits in table
    /// order, `|`-separated, as `__print_flags` prints them (`""` for none).
    public var names: String {
        let table: [(MapFlags, String)] = [(.create, "CREATE"), (.unwritten, "UNWRIT"), (.delalloc, "DELALLOC"),
                                           (.preIO, "PRE_IO"), (.convert, "CONVERT"), (.metadataNoFail, "METADATA_NOFAIL"),
                                           (.noNormalize, "NO_NORMALIZE"), (.convertUnwritten, "CONVERT_UNWRITTEN"),
                                           (.zero, "ZERO"), (.ioSubmit, "IO_SUBMIT"), (.exNoCache, "EX_NOCACHE")]
        return table.filter { contains($0.0) }.map(\.1).joined(separator: "|")
    }
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
    ///
    /// Logs what the kernel logs for it (`Filesystem+MapBlocksEvents.swift`): the query walk of
    /// an extent-status miss, `ext4_ext_map_blocks_enter/exit` with the caller's flags,
    /// `ext4_request_blocks`/`ext4_allocate_blocks` and the extent cached
    /// (`ext4_es_insert_extent`). A cached written extent answers with no event, as in the kernel.
    public mutating func mapBlocks(_ ino: UInt64, _ lblk: UInt64, _ length: UInt64, flags: MapFlags,
                                   ctx: OperationContext) -> BlockMapping {
        counters.mapBlocksCalls += 1
        emitExtentStatusLookup(ino, lblk, ctx: ctx)
        // An extent status miss walks the tree without CREATE first (`ext4_map_query_blocks`).
        lookUpBlocks(ino, lblk, length, ctx: ctx)
        if let e = self[ino].extents.extent(containing: lblk) {
            let len = min(length, e.logicalEnd - lblk)
            let m = BlockMapping(logicalBlock: lblk, lengthBlocks: len, physicalBlock: e.physical(of: lblk),
                                 isUnwritten: e.isUnwritten, isNew: false)
            if e.isUnwritten && flags.contains(.create) {
                emitUnwrittenMapping(ino, m, requested: length, flags: flags, ctx: ctx)
            }
            return m
        }
        var inode = self[ino]
        let nextMapped = inode.extents.right(of: lblk)?.logical ?? UInt64(UInt32.max)
        var len = min(length, nextMapped - lblk)
        guard flags.contains(.create) else {
            return BlockMapping(logicalBlock: lblk, lengthBlocks: len, physicalBlock: nil, isUnwritten: false, isNew: false)
        }
        emitMapBlocksEnter(ino, lblk, length, flags: flags, ctx: ctx)
        emitLeafCached(ino, flags: flags, ctx: ctx)
        let unwritten = flags.contains(.unwritten)
        len = min(len, UInt64(unwritten ? Extent.maxUnwrittenLength : Extent.maxWrittenLength))
        let ratio = geometry.clusterRatio
        var physical: UInt64
        // A block of a cluster the inode already has (`get_implied_cluster_alloc`) skips
        // `ext4_mb_new_blocks`: no bitmap or descriptor is dirtied for it.
        var allocated = true
        if ratio > 1, let implied = impliedCluster(inode.extents, lblk) {
            physical = implied
            allocated = false
            len = min(len, ratio - lblk % ratio)
        } else {
            let fallback = geometry.inodeGoalBlock(inode: ino, delalloc: options.usesDelalloc, pid: ctx.pid)
            var request = AllocationRequest(
                inode: ino, logicalBlock: lblk, lengthBlocks: len,
                goal: inode.extents.goal(for: lblk, fallback: fallback),
                left: inode.extents.left(of: lblk), right: inode.extents.right(of: lblk),
                isData: true, cpu: ctx.cpu, inodeSizeBytes: inode.sizeBytes, isOpenForWrite: inode.isOpenForWrite)
            request.noPreallocation = flags.contains(.noNormalize)
            let hints = AllocationHints(mapping: flags, isData: true)
            emitRequestBlocks(request, hints: hints, ctx: ctx)
            var outcome: MballocOutcome?
            let allocated = allocator.newBlocks(request, outcome: &outcome)
            if let outcome { emitMballoc(outcome, ino: ino, hints: hints, ctx: ctx) }
            guard let got = allocated else {
                emitMapBlocksExit(ino, flags: flags, lblk: lblk, pblk: 0, len: 0, mflags: "", ret: -28, ctx: ctx)
                return BlockMapping(logicalBlock: lblk, lengthBlocks: 0, physicalBlock: nil, isUnwritten: false, isNew: false)
            }
            emitAllocateBlocks(request, got: got, hints: hints, ctx: ctx)
            physical = got.physicalBlock
            len = got.lengthBlocks
        }
        // A block of an already allocated cluster took no reservation when it was written
        // (`ext4_insert_delayed_blocks` found the cluster allocated): nothing to claim.
        let claim = trace == nil || !allocated ? nil : reservationClaim(inode, lblk, len, flags: flags)
        inode.extents.insert(Extent(logicalBlock: UInt32(lblk), lengthBlocks: UInt32(len),
                                    physicalBlock: physical, isUnwritten: unwritten),
                             merging: !flags.contains(.preIO))
        inode.status.removeDelayed(lblk..<lblk + len)
        self[ino] = inode
        var dirtied = (allocated ? allocationMetadata(physical) : []) + [inodeTableBlock(ino)]
        dirtied += growTreeIfNeeded(ino, flags: flags, ctx: ctx)
        inode = self[ino]
        if let node = inode.extents.nodeBlocks.last { dirtied.append(.extentNode(node)) }
        handleDirtyMetadata(dirtied, ctx: ctx)
        inode.syncTid = journal.running.tid
        inode.datasyncTid = journal.running.tid
        self[ino] = inode
        emitMapBlocksExit(ino, flags: flags, lblk: lblk, pblk: physical, len: len,
                          mflags: unwritten ? "NMU" : "NM", ret: Int64(len), ctx: ctx)
        emitExtentStatusInsert(ino, lblk, len, pblk: physical, status: unwritten ? "U" : "W", ctx: ctx)
        if let claim { emitUpdateReserveSpace(ino, claim, ctx: ctx) }
        return BlockMapping(logicalBlock: lblk, lengthBlocks: len, physicalBlock: physical,
                            isUnwritten: unwritten, isNew: true)
    }

    /// Grows the tree a level when its leaves no longer fit in the inode; returns the metadata
    /// dirtied. Mirrors `ext4_ext_grow_indepth`: one block for the new leaf, goal the inode's
    /// (`ext4_inode_to_goal_block`, as from depth 0), allocated as metadata (no preallocation, first fit in the goal
    /// group), with the hints `flags` give a tree block (`ext4_request_blocks` /
    /// `ext4_allocate_blocks` logged).
    @discardableResult
    public mutating func growTreeIfNeeded(_ ino: UInt64, flags: MapFlags = [], ctx: OperationContext) -> [MetadataBlock] {
        var inode = self[ino]
        guard inode.extents.needsNewLevel else { return [] }
        // ext4_ext_grow_indepth: at depth 0 there is no index to prepend to, so the goal is
        // ext4_inode_to_goal_block's (as ext4_mballoc_alloc's orig shows).
        let goal = geometry.inodeGoalBlock(inode: ino, delalloc: options.usesDelalloc, pid: ctx.pid)
        let meta = AllocationRequest(inode: ino, logicalBlock: 0, lengthBlocks: 1, goal: goal, isData: false, cpu: ctx.cpu)
        let hints = AllocationHints(mapping: flags, isData: false)
        emitRequestBlocks(meta, hints: hints, ctx: ctx)
        var outcome: MballocOutcome?
        let allocated = allocator.newBlocks(meta, outcome: &outcome)
        if let outcome { emitMballoc(outcome, ino: ino, hints: hints, ctx: ctx) }
        guard let got = allocated else { return [] }
        emitAllocateBlocks(meta, got: got, hints: hints, ctx: ctx)
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
    /// Mirrors `ext4_free_blocks` from `ext4_remove_blocks` (bitmap and descriptor dirtied; the
    /// blocks reusable only after the commit, `freeBlocksAfterCommit`); leaves out discard.
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
                    if !stillUsed { freeBlocksAfterCommit(edge..<edge + ratio, metadata: false) }
                }
            }
            if lo < hi { freeBlocksAfterCommit(lo..<hi, metadata: false) }
            dirtied += allocationMetadata(r.lowerBound)
        }
        handleDirtyMetadata(dirtied, ctx: ctx)
    }
}
