import TraceParser

/// `EXT4_MB_*` allocation hints (fs/ext4/ext4.h), as `ext4_request_blocks` and
/// `ext4_allocate_blocks` print them (`show_mballoc_flags`).
public struct AllocationHints: OptionSet, Sendable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }
    public static let data = AllocationHints(rawValue: 0x20)
    public static let noPrealloc = AllocationHints(rawValue: 0x40)
    /// `HINT_GRP_ALLOC`, `HINT_TRY_GOAL`, `STREAM_ALLOC`: set by mballoc itself (`ac_flags`),
    /// printed only by `ext4_mballoc_alloc`.
    public static let groupAlloc = AllocationHints(rawValue: 0x80)
    public static let tryGoal = AllocationHints(rawValue: 0x200)
    public static let delallocReserved = AllocationHints(rawValue: 0x400)
    public static let streamAlloc = AllocationHints(rawValue: 0x800)
    public static let useReserved = AllocationHints(rawValue: 0x2000)

    /// The hints `ext4_ext_map_blocks` gives a data allocation made with `flags`: `HINT_DATA`,
    /// `DELALLOC_RESV` for a delalloc reservation, `HINT_NOPREALLOC` for `NO_NORMALIZE`,
    /// `USE_RESV` for `METADATA_NOFAIL`. A tree block allocated on the way
    /// (`ext4_ext_insert_extent` → `ext4_ext_create_new_leaf`) gets the same minus the
    /// data-only hints.
    public init(mapping flags: MapFlags, isData: Bool) {
        var h: AllocationHints = isData ? [.data] : []
        if flags.contains(.delalloc) { h.insert(.delallocReserved) }
        if isData && flags.contains(.noNormalize) { h.insert(.noPrealloc) }
        if flags.contains(.metadataNoFail) { h.insert(.useReserved) }
        self = h
    }

    /// `HINT_DATA|DELALLOC_RESV|USE_RESV`, in the kernel's table order.
    public var names: String {
        let table: [(AllocationHints, String)] = [(.data, "HINT_DATA"), (.noPrealloc, "HINT_NOPREALLOC"),
                                                  (.groupAlloc, "HINT_GRP_ALLOC"), (.tryGoal, "HINT_TRY_GOAL"),
                                                  (.delallocReserved, "DELALLOC_RESV"), (.streamAlloc, "STREAM_ALLOC"),
                                                  (.useReserved, "USE_RESV")]
        return table.filter { contains($0.0) }.map(\.1).joined(separator: "|")
    }
}

extension Filesystem {
    /// `ext4_request_blocks` (`ext4_mb_new_blocks` on entry): what is asked of mballoc. With
    /// bigalloc `ext4_ext_map_blocks` asks in clusters: `logical` and `goal` moved back to the
    /// cluster's start, `len` in clusters.
    mutating func emitRequestBlocks(_ r: AllocationRequest, hints: AllocationHints, ctx: OperationContext) {
        let c = clusterView(r.logicalBlock, r.lengthBlocks)
        emit("ext4", "ext4_request_blocks", ctx,
             [EventField("ino", .uint(r.inode)), EventField("flags", .string(hints.names)),
              EventField("len", .uint(c.len)), EventField("logical", .uint(c.logical))]
                + Filesystem.neighbourFields(r) + [EventField("goal", .uint(r.goal &- min(r.goal, c.offset)))])
    }

    /// `ext4_allocate_blocks` (`ext4_mb_new_blocks` on success): what mballoc handed out for the
    /// request (in clusters, from the cluster's first block, with bigalloc). Leaves out
    /// `ext4_mballoc_alloc`'s search statistics (groups scanned, criteria), which the model
    /// does not count the kernel's way.
    mutating func emitAllocateBlocks(_ r: AllocationRequest, got: AllocatedRange, hints: AllocationHints, ctx: OperationContext) {
        let c = clusterView(r.logicalBlock, got.lengthBlocks)
        emit("ext4", "ext4_allocate_blocks", ctx,
             [EventField("ino", .uint(r.inode)), EventField("block", .uint(got.physicalBlock &- min(got.physicalBlock, c.offset))),
              EventField("len", .uint(c.len)), EventField("logical", .uint(c.logical)),
              EventField("goal", .uint(r.goal &- min(r.goal, c.offset)))]
                + Filesystem.neighbourFields(r) + [EventField("flags", .string(hints.names))])
    }

    /// `ext4_mballoc_alloc` / `ext4_mballoc_prealloc` (`ext4_mb_collect_stats`, as the
    /// allocation context is released): the original request, the goal, the result and the
    /// context's flags (`hints` plus what mballoc added). `found`, `groups`, `broken`, `tail`
    /// and `cr` are the search's statistics, which the model does not keep: logged as 0 and
    /// `cr` as `-`, and left out of `diff`.
    mutating func emitMballoc(_ o: MballocOutcome, ino: UInt64, hints: AllocationHints, ctx: OperationContext) {
        func extent(_ prefix: String, _ x: FreeExtent) -> [EventField] {
            [EventField(prefix + "_logical", .uint(x.logical)), EventField(prefix + "_start", .int(x.start)),
             EventField(prefix + "_group", .uint(x.group)), EventField(prefix + "_len", .uint(x.len))]
        }
        if o.fromPreallocation {
            emit("ext4", "ext4_mballoc_prealloc", ctx,
                 [EventField("ino", .uint(ino))] + extent("orig", o.orig) + extent("result", o.result))
            return
        }
        emit("ext4", "ext4_mballoc_alloc", ctx,
             [EventField("ino", .uint(ino))] + extent("orig", o.orig) + extent("goal", o.goal) + extent("result", o.result)
                + [EventField("found", .uint(0)), EventField("groups", .uint(0)), EventField("broken", .uint(0)),
                   EventField("flags", .string(hints.union(o.flags).names)), EventField("tail", .uint(0)),
                   EventField("cr", .string("-"))])
    }

    /// `EXT4_LBLK_COFF` / `EXT4_NUM_B2C`: a block run as the allocator sees it.
    func clusterView(_ lblk: UInt64, _ len: UInt64) -> (logical: UInt64, len: UInt64, offset: UInt64) {
        let ratio = geometry.clusterRatio
        guard ratio > 1 else { return (lblk, len, 0) }
        let offset = lblk % ratio
        return (lblk - offset, (offset + len + ratio - 1) / ratio, offset)
    }

    static func neighbourFields(_ r: AllocationRequest) -> [EventField] {
        [EventField("lleft", .uint(r.left?.logical ?? 0)), EventField("lright", .uint(r.right?.logical ?? 0)),
         EventField("pleft", .uint(r.left?.physical ?? 0)), EventField("pright", .uint(r.right?.physical ?? 0))]
    }
}
