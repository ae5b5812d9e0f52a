/// The status ext4's extent status tree gives a block (`EXTENT_STATUS_*`).
public enum BlockStatus: Sendable, Equatable {
    case written(UInt64)
    case unwritten(UInt64)
    case delayed
    case hole
}

/// An inode's extent status tree (fs/ext4/extents_status.c): what the in-memory cache says of
/// each block. Written and unwritten state mirror the on-disk tree; delayed blocks (written in
/// the page cache, no block yet) live only here.
///
/// `status(of:in:)` always answers, as if every extent had been cached; which blocks the kernel's
/// cache really holds is tracked apart (`cached`), for the tree walks a miss costs and the
/// events they log (`ExtentStatus+Events.swift`). Leaves out the shrinker and the `REFERENCED` bit.
public struct ExtentStatusTree: Sendable, Equatable {
    /// Blocks with a delalloc reservation and no physical block yet.
    public private(set) var delayed = BlockRanges()
    /// Blocks the cache holds an entry for (written, unwritten, delayed or hole): a lookup
    /// outside them misses and walks the extent tree (`ext4_map_query_blocks`). Empty for an
    /// inode not read since it was loaded.
    public var cached = BlockRanges()

    public init() {}

    /// `ext4_es_lookup_extent` for one block.
    public func status(of lblk: UInt64, in tree: ExtentTree) -> BlockStatus {
        if let e = tree.extent(containing: lblk) {
            return e.isUnwritten ? .unwritten(e.physical(of: lblk)) : .written(e.physical(of: lblk))
        }
        return delayed.contains(lblk) ? .delayed : .hole
    }

    /// `ext4_es_insert_delayed_extent`.
    public mutating func insertDelayed(_ r: Range<UInt64>) {
        delayed.insert(r)
        cached.insert(r)
    }
    /// `ext4_es_remove_extent` of delayed blocks (allocation, truncate, punch).
    public mutating func removeDelayed(_ r: Range<UInt64>) { delayed.remove(r) }

    /// No block is both delayed and mapped.
    public func checkInvariants(against tree: ExtentTree) {
        delayed.checkInvariants()
        for r in delayed.ranges {
            precondition(tree.mapped(r.lowerBound, r.upperBound).isEmpty, "delayed blocks \(r) are also mapped")
        }
    }
}
