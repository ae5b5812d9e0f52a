/// A run of blocks in one extent-status state, as `ext4_es_lookup_extent` and
/// `ext4_map_query_blocks` answer for the iomap `->iomap_begin` calls.
struct StatusRun: Sendable, Equatable {
    enum State: Sendable, Equatable { case hole, delayed, unwritten, written }
    var state: State
    var start: UInt64
    var length: UInt64
    var physical: UInt64?
    /// `iomap->flags` as `ext4_set_iomap` sets them for a writeback mapping of this run
    /// (`IOMAP_F_NEW`, `IOMAP_F_DIRTY`), for `iomap_add_to_ioend`; 0 elsewhere.
    var iomapFlags: UInt64 = 0

    var end: UInt64 { start + length }

    /// `EXT4_MAP_*` flags `ext4_map_blocks` / `ext4_da_map_blocks` return for this run.
    var mapFlags: UInt32 {
        switch state {
        case .hole: return 0
        case .delayed: return MappedFlags.delayed
        case .unwritten: return MappedFlags.unwritten
        case .written: return MappedFlags.mapped
        }
    }
}

extension IomapPath {
    /// The run of blocks from `lblk` (at most to `limit`) that share one state: an extent's
    /// run, a delayed run, or the hole up to the next of either.
    func statusRun(_ inode: Inode, at lblk: UInt64, limit: UInt64) -> StatusRun {
        if let e = inode.extents.extent(containing: lblk) {
            return StatusRun(state: e.isUnwritten ? .unwritten : .written, start: lblk,
                             length: min(limit, e.logicalEnd) - lblk, physical: e.physical(of: lblk))
        }
        if inode.status.delayed.contains(lblk), let r = inode.status.delayed.ranges(in: lblk..<max(limit, lblk + 1)).first {
            return StatusRun(state: .delayed, start: lblk, length: max(1, min(limit, r.upperBound) - lblk), physical: nil)
        }
        var end = max(limit, lblk + 1)
        if let next = inode.extents.right(of: lblk)?.logical, next > lblk { end = min(end, next) }
        if let next = inode.status.delayed.first(atOrAfter: lblk), next > lblk { end = min(end, next) }
        return StatusRun(state: .hole, start: lblk, length: end - lblk, physical: nil)
    }
}
