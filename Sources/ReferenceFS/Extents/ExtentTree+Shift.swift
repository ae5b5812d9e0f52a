extension ExtentTree {
    /// Moves every extent starting at or after `from` by `delta` logical blocks (negative:
    /// left). The range the extents move into must be unmapped.
    ///
    /// Mirrors `ext4_ext_shift_extents` (collapse range shifts left, insert range right);
    /// leaves out its merge of the shifted extent with its new left neighbour
    /// (`ext4_ext_try_to_merge_right` after a left shift), which `mergeAround` then does.
    public mutating func shift(from: UInt64, by delta: Int64) {
        let i = firstIndex(endingAfter: from)
        precondition(i == extents.count || UInt64(extents[i].logicalBlock) >= from, "shift inside an extent")
        for k in i..<extents.count {
            extents[k].logicalBlock = UInt32(Int64(extents[k].logicalBlock) + delta)
        }
        if delta < 0, i > 0, i < extents.count { mergeAround(i) }
    }

    /// Splits the extent holding `lblk` so that an extent starts there
    /// (`ext4_split_extent_at`).
    public mutating func split(at lblk: UInt64) {
        let i = firstIndex(endingAfter: lblk)
        guard i < extents.count, extents[i].contains(lblk), UInt64(extents[i].logicalBlock) < lblk else { return }
        let e = extents[i]
        replace(i..<i + 1, with: [e.clipped(UInt64(e.logicalBlock), lblk)!, e.clipped(lblk, e.logicalEnd)!])
    }
}
