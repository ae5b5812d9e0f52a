extension ExtentTree {
    /// Unmaps `[from, to)`: extents inside are dropped, extents crossing the edges are cut.
    /// Returns the physical ranges freed, in logical order.
    ///
    /// Mirrors `ext4_ext_remove_space` → `ext4_ext_rm_leaf` (truncate, punch hole, collapse).
    /// Leaves out: freeing emptied index blocks and the partial-cluster bookkeeping of bigalloc
    /// (the caller frees whole clusters only when no mapped block still uses them).
    public mutating func remove(_ from: UInt64, _ to: UInt64) -> [Range<UInt64>] {
        var freed: [Range<UInt64>] = []
        let i = firstIndex(endingAfter: from)
        var j = i
        var keep: [Extent] = []
        while j < extents.count, UInt64(extents[j].logicalBlock) < to {
            let e = extents[j]
            if let before = e.clipped(UInt64(e.logicalBlock), from) { keep.append(before) }
            if let gone = e.clipped(from, to) { freed.append(gone.physicalBlock..<gone.physicalEnd) }
            if let after = e.clipped(to, e.logicalEnd) { keep.append(after) }
            j += 1
        }
        if i < j { replace(i..<j, with: keep) }
        return freed
    }
}
