/// One inode's page cache (the `address_space`), folio by folio: which are cached, which are
/// dirty. One folio per page (the buffer_head path does not use large folios here).
///
/// Buffer-head state per block is not stored apart: a block's buffer is `delay` when the
/// extent status says delayed, `unwritten`/`mapped` from the extent tree, `dirty` when its
/// folio is dirty. Leaves out per-block dirtiness inside a partly dirtied folio (ext4 writes
/// the whole folio back) and folio writeback state (I/O completes at once in the model).
public struct PageCache: Sendable, Equatable {
    public private(set) var cached = BlockRanges()
    public private(set) var dirty = BlockRanges()

    public init() {}

    /// `folio_mark_dirty` from `block_write_end` / `ext4_page_mkwrite`.
    public mutating func markDirty(_ pages: Range<UInt64>) {
        cached.insert(pages)
        dirty.insert(pages)
    }

    /// `filemap_add_folio` from read or readahead.
    public mutating func markCached(_ pages: Range<UInt64>) { cached.insert(pages) }

    /// `folio_clear_dirty_for_io` + writeback end.
    public mutating func clean(_ pages: Range<UInt64>) { dirty.remove(pages) }

    /// `truncate_inode_pages_range`.
    public mutating func drop(_ pages: Range<UInt64>) {
        cached.remove(pages)
        dirty.remove(pages)
    }

    public func checkInvariants() {
        cached.checkInvariants()
        dirty.checkInvariants()
        for r in dirty.ranges { precondition(cached.ranges(in: r).reduce(0) { $0 + $1.count } == r.count, "dirty folio not cached") }
    }
}
