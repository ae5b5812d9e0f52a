import TraceParser

/// The extent status tree's tracepoints (include/trace/events/ext4.h, `ext4_es_*`), with the
/// fields the kernel's `format` files give them. 7.3 adds a `seq` field to each; the model
/// leaves it out (`diff` does not compare it).
extension Filesystem {
    /// `EXT_MAX_BLOCKS`: the length of a whole-file hole or removal.
    public static let extMaxBlocks: UInt64 = 0xFFFF_FFFF

    /// `ext4_es_lookup_extent_enter` (`ext4_es_lookup_extent()`): the model asks its extent
    /// status tree about `lblk`. `MappingCounters.esLookups` counts these events. Leaves out the
    /// `_exit` event (found, the extent returned): `diff` does not compare lookups, and the
    /// model's lookups are fewer than the kernel's (it does not look up again where the
    /// kernel's callers re-check, e.g. `ext4_da_map_blocks` after taking `i_data_sem`).
    public mutating func emitExtentStatusLookup(_ ino: UInt64, _ lblk: UInt64, ctx: OperationContext) {
        emit("ext4", "ext4_es_lookup_extent_enter", ctx, [EventField("ino", .uint(ino)), EventField("lblk", .uint(lblk))])
    }

    /// `ext4_es_insert_extent` (`ext4_es_insert_extent()` in fs/ext4/extents_status.c): the
    /// cache now holds `[lblk, lblk+len)` with `status` (`W`, `U`, `H`), mapped at `pblk`.
    public mutating func emitExtentStatusInsert(_ ino: UInt64, _ lblk: UInt64, _ len: UInt64, pblk: UInt64,
                                                status: String, ctx: OperationContext) {
        self[ino].status.cached.insert(lblk..<lblk + len)
        emit("ext4", "ext4_es_insert_extent", ctx, Filesystem.statusFields(ino, lblk, len, pblk, status))
    }

    /// `ext4_es_cache_extent` (`ext4_es_cache_extent()`): an extent read from the tree (or, on
    /// 7.3, the hole a lookup found) cached without replacing what the cache holds.
    public mutating func emitExtentStatusCache(_ ino: UInt64, _ lblk: UInt64, _ len: UInt64, pblk: UInt64,
                                               status: String, ctx: OperationContext) {
        self[ino].status.cached.insert(lblk..<lblk + len)
        emit("ext4", "ext4_es_cache_extent", ctx, Filesystem.statusFields(ino, lblk, len, pblk, status))
    }

    /// Gives `range` a delalloc reservation and logs it: `ext4_insert_delayed_blocks` →
    /// `ext4_es_insert_delayed_extent`. Leaves out bigalloc's `lclu_allocated`/`end_allocated`
    /// (whether the range's end clusters are already allocated): always 0 here.
    public mutating func insertDelayed(_ ino: UInt64, _ range: Range<UInt64>, ctx: OperationContext) {
        self[ino].status.insertDelayed(range)
        emit("ext4", "ext4_es_insert_delayed_extent", ctx,
             Filesystem.statusFields(ino, range.lowerBound, UInt64(range.count), 0, "D")
                + [EventField("lclu_allocated", .uint(0)), EventField("end_allocated", .uint(0))])
    }

    /// `ext4_es_remove_extent` (`ext4_es_remove_extent()`): the cache forgets `[lblk,
    /// lblk+len)` — the whole file when an inode is evicted (`ext4_clear_inode`).
    public mutating func emitExtentStatusRemove(_ ino: UInt64, _ lblk: UInt64, _ len: UInt64, ctx: OperationContext) {
        if inodes[ino] != nil { self[ino].status.cached.remove(lblk..<lblk + len) }
        emit("ext4", "ext4_es_remove_extent", ctx,
             [EventField("ino", .uint(ino)), EventField("lblk", .int(Int64(lblk))), EventField("len", .int(Int64(len)))])
    }

    static func statusFields(_ ino: UInt64, _ lblk: UInt64, _ len: UInt64, _ pblk: UInt64, _ status: String) -> [EventField] {
        [EventField("ino", .uint(ino)), EventField("lblk", .uint(lblk)), EventField("len", .uint(len)),
         EventField("pblk", .uint(pblk)), EventField("status", .string(status))]
    }
}
