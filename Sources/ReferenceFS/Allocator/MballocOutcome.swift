/// One extent as `ext4_mballoc_alloc` / `ext4_mballoc_prealloc` print it
/// (`struct ext4_free_extent`): `group/start/len@logical`, `start` and `len` in clusters
/// (`start` -1 for a stream goal, which names a group only), `logical` in blocks.
public struct FreeExtent: Sendable, Equatable {
    public var group: UInt64
    public var start: Int64
    public var len: UInt64
    public var logical: UInt64
}

/// How `ext4_mb_new_blocks` served one request, as `ext4_mb_collect_stats` logs it: through
/// the regular allocator (`ext4_mballoc_alloc`: the original request `ac_o_ex`, the normalised
/// goal `ac_g_ex`, the extent found `ac_b_ex`, the context's flags) or from a preallocation
/// (`ext4_mballoc_prealloc`: original and result only). Leaves out the search statistics
/// (`found`, `groups`, `buddy`, `tail`, `cr`): the model does not scan groups the kernel's way.
public struct MballocOutcome: Sendable, Equatable {
    public var fromPreallocation: Bool
    public var orig: FreeExtent
    public var goal: FreeExtent
    public var result: FreeExtent
    /// `ac_flags`: the request's hints and what `ext4_mb_group_or_file` / normalisation added
    /// (`HINT_GRP_ALLOC`, `STREAM_ALLOC`, `HINT_NOPREALLOC`, `HINT_TRY_GOAL`).
    public var flags: AllocationHints
}

extension Mballoc {
    /// `ext4_mb_initialize_context`'s `ac_o_ex`: the goal block's group and cluster (the first
    /// data block when the goal is outside the filesystem), the request's clusters, its first
    /// logical block moved back to its cluster's start. With bigalloc `ext4_ext_map_blocks`
    /// moves the goal back by the request's offset in its cluster first (`ar.goal -= offset`).
    func originalExtent(_ r: AllocationRequest) -> FreeExtent {
        let ratio = geometry.clusterRatio
        let asked = r.goal - min(r.goal, r.logicalBlock % ratio)
        let goal = asked < geometry.firstDataBlock || asked >= geometry.blocksCount ? geometry.firstDataBlock : asked
        let (g, c) = geometry.groupAndOffset(of: goal)
        let first = r.logicalBlock / ratio
        let last = (r.logicalBlock + max(r.lengthBlocks, 1) - 1) / ratio
        return FreeExtent(group: g, start: Int64(c), len: last - first + 1, logical: first * ratio)
    }

    /// `ext4_mb_use_inode_pa` / `ext4_mb_use_group_pa`: the result is where the PA handed the
    /// request out, for the request's logical block.
    func preallocOutcome(_ orig: FreeExtent, _ got: AllocatedRange, _ r: AllocationRequest) -> MballocOutcome {
        let ratio = geometry.clusterRatio
        let offset = r.logicalBlock % ratio
        let (g, c) = geometry.groupAndOffset(of: got.physicalBlock - min(got.physicalBlock, offset))
        let result = FreeExtent(group: g, start: Int64(c), len: (offset + got.lengthBlocks + ratio - 1) / ratio,
                                logical: orig.logical)
        return MballocOutcome(fromPreallocation: true, orig: orig, goal: orig, result: result, flags: [])
    }

    /// The regular allocator's view: `ext4_mb_group_or_file`'s flag, the goal window of
    /// `ext4_mb_normalize_request` / `ext4_mb_normalize_group_request` (aimed at a neighbour
    /// with `HINT_TRY_GOAL`; a stream that did not find its space there names the group it
    /// scans from, start -1, as `s_mb_last_groups` gives it), and the extent found.
    func allocOutcome(_ orig: FreeExtent, strategy: Strategy, window: (start: UInt64, clusters: UInt64),
                      tryGoal: UInt64?, streamGroup: UInt64, found: (block: UInt64, clusters: UInt64)) -> MballocOutcome {
        let ratio = geometry.clusterRatio
        var flags: AllocationHints = []
        var goal = orig
        switch strategy {
        case .localityGroup:
            flags.insert(.groupAlloc)
            goal.len = window.clusters
        case .stream:
            flags.insert(.streamAlloc)
            goal.logical = window.start * ratio
            goal.len = window.clusters
            if let t = tryGoal {
                flags.insert(.tryGoal)
                let (g, c) = geometry.groupAndOffset(of: t)
                goal.group = g
                goal.start = Int64(c)
            }
            // Not found at the goal: the stream's group replaces it, and the hint is dropped.
            if tryGoal.map({ $0 / ratio * ratio != found.block }) ?? true {
                flags.remove(.tryGoal)
                goal.group = streamGroup
                goal.start = -1
            }
        case .noPrealloc:
            flags.insert(.noPrealloc)
        case .metadata:
            break
        }
        let (g, c) = geometry.groupAndOffset(of: found.block)
        let result = FreeExtent(group: g, start: Int64(c), len: found.clusters, logical: goal.logical)
        return MballocOutcome(fromPreallocation: false, orig: orig, goal: goal, result: result, flags: flags)
    }
}
