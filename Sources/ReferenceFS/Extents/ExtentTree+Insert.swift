extension ExtentTree {
    /// Inserts a newly allocated extent over a hole, merging it with its neighbours when ext4
    /// would.
    ///
    /// Mirrors `ext4_ext_insert_extent` (append to / prepend to the neighbour via
    /// `ext4_can_extents_be_merged`) followed by `ext4_ext_try_to_merge`; `merging: false` is
    /// `EXT4_GET_BLOCKS_PRE_IO`, under which 6.18 skips both (the extent stays apart until its
    /// I/O-end conversion). Leaves out: leaf-block splits (depth > 1) and the
    /// merge-across-index-boundary cases.
    public mutating func insert(_ new: Extent, merging: Bool = true) {
        precondition(new.lengthBlocks > 0)
        let i = firstIndex(endingAfter: UInt64(new.logicalBlock))
        precondition(i == extents.count || UInt64(extents[i].logicalBlock) >= new.logicalEnd,
                     "insert \(new) over mapped blocks")
        var e = new
        var lo = i, hi = i
        if merging, i > 0, extents[i - 1].canMerge(with: e) {
            let left = extents[i - 1]
            e = Extent(logicalBlock: left.logicalBlock, lengthBlocks: left.lengthBlocks + e.lengthBlocks,
                       physicalBlock: left.physicalBlock, isUnwritten: e.isUnwritten)
            lo = i - 1
        }
        if merging, i < extents.count, e.canMerge(with: extents[i]) {
            e.lengthBlocks += extents[i].lengthBlocks
            hi = i + 1
        }
        replace(lo..<hi, with: [e])
    }

    /// Marks `[from, to)` written: the unwritten extents there are split at the range's edges and
    /// their middle converted, then merged with written neighbours.
    ///
    /// Mirrors `ext4_convert_unwritten_extents` → `ext4_ext_handle_unwritten_extents` →
    /// `ext4_split_convert_extents` / `ext4_ext_convert_to_initialized` and its
    /// `ext4_ext_try_to_merge`. Leaves out the zero-out optimisation (`EXT4_EXT_ZERO_LEN`: small
    /// unwritten remainders zeroed and absorbed), which does not arise for block-aligned I/O.
    /// Returns the number of extents converted.
    @discardableResult
    public mutating func convertToWritten(_ from: UInt64, _ to: UInt64) -> Int {
        var i = firstIndex(endingAfter: from)
        var converted = 0
        while i < extents.count, UInt64(extents[i].logicalBlock) < to {
            let e = extents[i]
            guard e.isUnwritten else { i += 1; continue }
            var parts: [Extent] = []
            let before = e.clipped(UInt64(e.logicalBlock), from)
            if let before { parts.append(before) }
            var middle = e.clipped(from, to)!
            middle.isUnwritten = false
            parts.append(middle)
            if let after = e.clipped(to, e.logicalEnd) { parts.append(after) }
            replace(i..<i + 1, with: parts)
            converted += 1
            i = mergeAround(i + (before == nil ? 0 : 1)) + 1
        }
        return converted
    }

    /// Merges the extent at `k` with its left and right neighbours where possible; returns its
    /// new index. `ext4_ext_try_to_merge`.
    @discardableResult
    mutating func mergeAround(_ k: Int) -> Int {
        var k = k
        if k + 1 < extents.count, extents[k].canMerge(with: extents[k + 1]) {
            extents[k].lengthBlocks += extents[k + 1].lengthBlocks
            extents.remove(at: k + 1)
        }
        if k > 0, extents[k - 1].canMerge(with: extents[k]) {
            extents[k - 1].lengthBlocks += extents[k].lengthBlocks
            extents.remove(at: k)
            k -= 1
        }
        return k
    }
}
