/// An inode's on-disk extent tree (`ext4_extent_header` + leaves): the leaf extents in logical
/// order and the depth the tree has grown to.
///
/// The leaves are held as one sorted array; the index levels are not materialised, only
/// counted: the tree grows a level (`ext4_ext_grow_indepth`) when the leaves outgrow the four
/// slots in the inode, taking one block for the new leaf node (`indexBlocks`). Leaves out:
/// splitting a full leaf block into two (more than 340 extents with 4 KiB blocks) and shrinking
/// the depth again when extents are removed (ext4 keeps the depth too).
public struct ExtentTree: Sendable, Equatable {
    public internal(set) var extents: [Extent] = []
    /// `ext_depth(inode)`.
    public private(set) var depth = 0
    /// The blocks of the tree's non-inode nodes (the leaf block once depth is 1).
    public private(set) var nodeBlocks: [UInt64] = []

    /// Extents that fit in the inode's `i_block` (`ext4_ext_space_root`).
    public static let rootCapacity = 4

    public init() {}

    public var isEmpty: Bool { extents.isEmpty }

    /// The index of the first extent whose end is after `lblk`.
    func firstIndex(endingAfter lblk: UInt64) -> Int {
        if let last = extents.last, last.logicalEnd <= lblk { return extents.count }
        var lo = 0, hi = extents.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if extents[mid].logicalEnd <= lblk { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// The extent mapping `lblk`, if any (`ext4_find_extent` down to a leaf, then the match).
    public func extent(containing lblk: UInt64) -> Extent? {
        let i = firstIndex(endingAfter: lblk)
        guard i < extents.count, extents[i].contains(lblk) else { return nil }
        return extents[i]
    }

    /// The extent `ext4_find_extent` ends on for `lblk`: the one containing it, else the closest
    /// one before it, else the first one (what `ext4_ext_find_goal` takes its goal from).
    public func nearestExtent(to lblk: UInt64) -> Extent? {
        let i = firstIndex(endingAfter: lblk)
        if i < extents.count, extents[i].contains(lblk) { return extents[i] }
        if i > 0 { return extents[i - 1] }
        return extents.first
    }

    /// The last mapped block before `lblk` and its physical block (`ext4_ext_search_left`).
    public func left(of lblk: UInt64) -> (logical: UInt64, physical: UInt64)? {
        let i = firstIndex(endingAfter: lblk)
        var j = i
        if i < extents.count, UInt64(extents[i].logicalBlock) < lblk { j = i + 1 }
        guard j > 0 else { return nil }
        let e = extents[j - 1]
        let last = min(e.logicalEnd, lblk) - 1
        return (last, e.physical(of: last))
    }

    /// The first mapped block after `lblk` and its physical block (`ext4_ext_search_right`).
    public func right(of lblk: UInt64) -> (logical: UInt64, physical: UInt64)? {
        var i = firstIndex(endingAfter: lblk)
        if i < extents.count, extents[i].contains(lblk) { i += 1 }
        guard i < extents.count else { return nil }
        return (UInt64(extents[i].logicalBlock), extents[i].physicalBlock)
    }

    /// The extents overlapping `[from, to)`, clipped to it.
    public func mapped(_ from: UInt64, _ to: UInt64) -> [Extent] {
        var out: [Extent] = []
        var i = firstIndex(endingAfter: from)
        while i < extents.count, UInt64(extents[i].logicalBlock) < to {
            if let c = extents[i].clipped(from, to) { out.append(c) }
            i += 1
        }
        return out
    }

    /// Whether the leaves no longer fit in the inode and the tree must grow a level.
    var needsNewLevel: Bool { depth == 0 && extents.count > ExtentTree.rootCapacity }

    /// Records the block `ext4_ext_grow_indepth` allocated for the new leaf node.
    mutating func growDepth(leafBlock: UInt64) {
        depth += 1
        nodeBlocks.append(leafBlock)
    }

    /// Pulls a one-leaf tree back into the inode when its extents fit there again; returns the
    /// leaf block to free. Mirrors `ext4_ext_try_to_merge_up` (depth 1, one index, at most four
    /// extents in the leaf).
    mutating func shrinkDepthIfFits() -> UInt64? {
        guard depth == 1, extents.count <= ExtentTree.rootCapacity, let leaf = nodeBlocks.last else { return nil }
        depth = 0
        nodeBlocks.removeAll()
        return leaf
    }

    mutating func replace(_ range: Range<Int>, with new: [Extent]) {
        extents.replaceSubrange(range, with: new)
    }

    /// Sorted, non-overlapping, within maximum lengths, no two mergeable neighbours left
    /// unmerged where ext4 would have merged them is NOT required (ext4 leaves some).
    public func checkInvariants() {
        for (k, e) in extents.enumerated() {
            precondition(e.lengthBlocks > 0, "empty extent \(e)")
            precondition(e.lengthBlocks <= e.maxLength, "extent \(e) longer than its maximum")
            if k > 0 { precondition(extents[k - 1].logicalEnd <= UInt64(e.logicalBlock), "extents overlap: \(extents[k - 1]) \(e)") }
        }
        precondition(depth == nodeBlocks.count, "depth without node blocks")
        if depth == 0 { precondition(extents.count <= ExtentTree.rootCapacity, "more than 4 extents in the inode") }
    }
}
