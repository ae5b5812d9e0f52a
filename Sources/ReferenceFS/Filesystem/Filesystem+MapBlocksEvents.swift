import TraceParser

/// The tracepoints of `ext4_map_blocks` (include/trace/events/ext4.h): what the model's
/// mapping decisions look like in a capture.
extension Filesystem {
    /// `ext4_ext_map_blocks_enter` (`ext4_ext_map_blocks` on entry): a request the extent
    /// status tree could not answer, or one that must change the tree.
    mutating func emitMapBlocksEnter(_ ino: UInt64, _ lblk: UInt64, _ len: UInt64, flags: MapFlags, ctx: OperationContext) {
        emit("ext4", "ext4_ext_map_blocks_enter", ctx,
             [EventField("ino", .uint(ino)), EventField("lblk", .uint(lblk)), EventField("len", .uint(len)),
              EventField("flags", .string(flags.names))])
    }

    /// `ext4_ext_map_blocks_exit` (`ext4_ext_map_blocks` on return): `mflags` as `show_mflags`
    /// prints `EXT4_MAP_NEW/MAPPED/UNWRITTEN` (`NMU`), `ret` the blocks mapped (0 for a hole).
    mutating func emitMapBlocksExit(_ ino: UInt64, flags: MapFlags, lblk: UInt64, pblk: UInt64, len: UInt64,
                                    mflags: String, ret: Int64, ctx: OperationContext) {
        emit("ext4", "ext4_ext_map_blocks_exit", ctx,
             [EventField("ino", .uint(ino)), EventField("flags", .string(flags.names)), EventField("lblk", .uint(lblk)),
              EventField("pblk", .uint(pblk)), EventField("len", .uint(len)), EventField("mflags", .string(mflags)),
              EventField("ret", .int(ret))])
    }

    /// A lookup of `[lblk, lblk+len)` the way `ext4_da_map_blocks`, `ext4_mpage_readpages` and
    /// the series' `ext4_iomap_buffered_*_begin` make it: answered from the extent status tree
    /// when it holds `lblk`; otherwise the tree is walked (`ext4_map_query_blocks` →
    /// `ext4_ext_map_blocks` without `CREATE`), which the capture shows as a
    /// `ext4_ext_map_blocks_enter/exit` pair with empty flags and the extent or hole cached.
    /// Changes nothing but the cache.
    public mutating func lookUpBlocks(_ ino: UInt64, _ lblk: UInt64, _ len: UInt64, ctx: OperationContext) {
        guard !self[ino].status.cached.contains(lblk) else { return }
        if let e = self[ino].extents.extent(containing: lblk) {
            let n = min(len, e.logicalEnd - lblk)
            emitUnwrittenMapping(ino, BlockMapping(logicalBlock: lblk, lengthBlocks: n, physicalBlock: e.physical(of: lblk),
                                                   isUnwritten: e.isUnwritten, isNew: false),
                                 requested: len, flags: [], ctx: ctx)
            return
        }
        emitMapBlocksEnter(ino, lblk, len, flags: [], ctx: ctx)
        emitLeafCached(ino, flags: [], ctx: ctx)
        let next = self[ino].extents.right(of: lblk)?.logical ?? Filesystem.extMaxBlocks
        emitHoleQuery(ino, lblk, min(len, next - lblk), ctx: ctx)
    }

    /// A name looked up in directory `dir` (`ext4_lookup` → `ext4_find_entry` →
    /// `ext4_bread(dir, 0)`): the directory's first block goes through `ext4_map_blocks`, and the
    /// first lookup since the directory was loaded misses the extent status tree and walks its
    /// in-inode leaf. Only the root directory, whose block the model knows from mke2fs's layout
    /// (`Geometry.rootDirectoryBlock`), and only its first block: one-block directories.
    mutating func lookUpDirectoryBlock(_ dir: UInt64, ctx: OperationContext) {
        guard dir == 2, let block = geometry.rootDirectoryBlock, !(inodes[dir]?.status.cached.contains(0) ?? false) else { return }
        emitMapBlocksEnter(dir, 0, 1, flags: [], ctx: ctx)
        emitExtentStatusCache(dir, 0, 1, pblk: block, status: "W", ctx: ctx)
        emitMapBlocksExit(dir, flags: [], lblk: 0, pblk: block, len: 1, mflags: "M", ret: 1, ctx: ctx)
        if kernel < .linux7_3 { emitExtentStatusInsert(dir, 0, 1, pblk: block, status: "W", ctx: ctx) }
    }

    /// The hole around `lblk` is cached and the walk returns it: `ext4_ext_determine_insert_hole`
    /// (the hole between the neighbouring extents, trimmed to stop at delayed blocks), then the
    /// exit with no mapping. 6.18 inserts the hole (`ext4_es_insert_extent`), 7.3 caches it
    /// (`ext4_es_cache_extent`).
    mutating func emitHoleQuery(_ ino: UInt64, _ lblk: UInt64, _ len: UInt64, ctx: OperationContext) {
        let inode = self[ino]
        var start = inode.extents.left(of: lblk).map { $0.logical + 1 } ?? 0
        var end = inode.extents.right(of: lblk)?.logical ?? Filesystem.extMaxBlocks
        for d in inode.status.delayed.ranges(in: start..<end) {
            if d.upperBound <= lblk { start = max(start, d.upperBound) } else if d.lowerBound > lblk { end = min(end, d.lowerBound) }
        }
        if kernel >= .linux7_3 {
            emitExtentStatusCache(ino, start, end - start, pblk: 0, status: "H", ctx: ctx)
        } else {
            emitExtentStatusInsert(ino, start, end - start, pblk: 0, status: "H", ctx: ctx)
        }
        emitMapBlocksExit(ino, flags: [], lblk: lblk, pblk: 0, len: min(len, end - lblk), mflags: "", ret: 0, ctx: ctx)
    }

    /// A request that reaches the extent tree for a mapped block: a lookup the cache missed
    /// (the walk caches the leaf's extents, `ext4_cache_extents`), or `CREATE` over an
    /// unwritten extent (`ext4_ext_handle_unwritten_extents`: 6.18's `PRE_IO` split before
    /// writeback answers `NMU`, 7.3's `MU`). Leaves out the split itself: the model's tree keeps
    /// the unwritten extent whole until the I/O converts it.
    mutating func emitUnwrittenMapping(_ ino: UInt64, _ m: BlockMapping, requested: UInt64, flags: MapFlags,
                                       ctx: OperationContext) {
        let pblk = m.physicalBlock ?? 0
        emitMapBlocksEnter(ino, m.logicalBlock, requested, flags: flags, ctx: ctx)
        var mflags = m.isUnwritten ? "MU" : "M"
        if flags.contains(.create) {
            emitHandleUnwritten(ino, m.logicalBlock, m.lengthBlocks, pblk: pblk, flags: flags, ctx: ctx)
            if flags.contains(.preIO) { mflags = "NMU" }
            if flags.contains(.convertUnwritten) { mflags = "U" }
        }
        emitLeafCached(ino, flags: flags, ctx: ctx)
        emitMapBlocksExit(ino, flags: flags, lblk: m.logicalBlock, pblk: pblk, len: m.lengthBlocks,
                          mflags: mflags, ret: Int64(m.lengthBlocks), ctx: ctx)
        if flags.contains(.create) || kernel < .linux7_3 {
            emitExtentStatusInsert(ino, m.logicalBlock, m.lengthBlocks, pblk: pblk, status: m.isUnwritten ? "U" : "W", ctx: ctx)
        }
    }

    /// A tree walk without `EX_NOCACHE` through an in-inode leaf caches the leaf's extents and
    /// the holes between them (`ext4_find_extent` → `ext4_cache_extents`). Leaves out deeper
    /// trees, whose leaves are cached only when read from disk (`__read_extent_tree_block`):
    /// the model does not know when the buffer is still in memory, so logs nothing for them.
    /// 7.3 caches the leaf only on a lookup, not on a `CREATE` walk (7.3-rc7's
    /// `nodelalloc-seq-write-4k` captures: no `ext4_es_cache_extent` between the 256 `CREATE`s).
    mutating func emitLeafCached(_ ino: UInt64, flags: MapFlags, ctx: OperationContext) {
        guard !flags.contains(.exNoCache), self[ino].extents.nodeBlocks.isEmpty else { return }
        if kernel >= .linux7_3 && flags.contains(.create) { return }
        var previous: UInt64 = 0
        for e in self[ino].extents.extents {
            let lblk = UInt64(e.logicalBlock)
            if previous != 0 && previous != lblk {
                emitExtentStatusCache(ino, previous, lblk - previous, pblk: 0, status: "H", ctx: ctx)
            }
            emitExtentStatusCache(ino, lblk, UInt64(e.lengthBlocks), pblk: e.physicalBlock,
                                  status: e.isUnwritten ? "U" : "W", ctx: ctx)
            previous = e.logicalEnd
        }
    }

    /// The conversion of the unwritten blocks an I/O wrote, as `ext4_convert_unwritten_extents`
    /// asks it: one `ext4_map_blocks(CREATE|UNWRIT|CONVERT|IO_SUBMIT|EX_NOCACHE)` per unwritten
    /// extent in `range`, each logged with its `ext4_ext_handle_unwritten_extents`, answered
    /// `M` and cached written. Call before the model's tree converts them.
    public mutating func emitConversion(_ ino: UInt64, _ range: Range<UInt64>, ctx: OperationContext) {
        guard trace != nil else { return }
        let flags: MapFlags = [.create, .unwritten, .convert, .ioSubmit, .exNoCache]
        for e in self[ino].extents.mapped(range.lowerBound, range.upperBound) where e.isUnwritten {
            let lblk = UInt64(e.logicalBlock), len = UInt64(e.lengthBlocks)
            emitMapBlocksEnter(ino, lblk, len, flags: flags, ctx: ctx)
            emitHandleUnwritten(ino, lblk, len, pblk: e.physicalBlock, flags: flags, ctx: ctx)
            emitMapBlocksExit(ino, flags: flags, lblk: lblk, pblk: e.physicalBlock, len: len, mflags: "M", ret: Int64(len), ctx: ctx)
            emitExtentStatusInsert(ino, lblk, len, pblk: e.physicalBlock, status: "W", ctx: ctx)
        }
    }

    /// `ext4_ext_handle_unwritten_extents`: `ext4_map_blocks` adds `METADATA_NOFAIL` to the
    /// caller's flags before the tree walk.
    mutating func emitHandleUnwritten(_ ino: UInt64, _ lblk: UInt64, _ len: UInt64, pblk: UInt64, flags: MapFlags,
                                      ctx: OperationContext) {
        emit("ext4", "ext4_ext_handle_unwritten_extents", ctx,
             [EventField("ino", .uint(ino)), EventField("lblk", .uint(lblk)), EventField("pblk", .uint(pblk)),
              EventField("len", .uint(len)), EventField("flags", .string(flags.union(.metadataNoFail).names)),
              EventField("allocated", .uint(len)), EventField("newblk", .uint(pblk))])
    }
}
