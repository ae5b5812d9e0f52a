extension Mballoc {
    /// Finds `clusters` free clusters: at the goal when asked to merge, else the first maximal
    /// buddy of the request's order (power-of-two requests), else a best fit among a group's
    /// free extents, trying groups from the goal's (or the stream's last) group onward.
    ///
    /// Mirrors `ext4_mb_regular_allocator`: `ext4_mb_find_by_goal`, then the criteria
    /// CR_POWER2_ALIGNED (`ext4_mb_simple_scan_group`, groups taken by largest free order),
    /// CR_GOAL_LEN_FAST / CR_GOAL_LEN_SLOW (`ext4_mb_complex_scan_group` with
    /// `ext4_mb_measure_extent` and the min/max-to-scan limits), CR_ANY_FREE (largest free
    /// extent, trimmed). Leaves out CR_BEST_AVAIL_LEN's order trimming, prefetching and group
    /// locking. Returns the first block and the clusters found (≤ `clusters`).
    mutating func regularAllocator(goalBlock: UInt64, clusters want: UInt64, tryGoal: Bool,
                                   stream inode: UInt64?) -> (block: UInt64, clusters: UInt64)? {
        let groupCount = groups.count
        var (goalGroup, goalOffset) = geometry.groupAndOffset(of: min(max(goalBlock, geometry.firstDataBlock), geometry.blocksCount - 1))
        if tryGoal {
            let g = Int(goalGroup), c = Int(goalOffset)
            if c < groups[g].clusters, !groups[g].isUsed(c), groups[g].nextUsed(from: c) - c >= Int(want) {
                return (geometry.block(group: goalGroup, clusterOffset: goalOffset), want)
            }
        }
        if let inode {
            // Stream allocations start from the group the last one of this hash ended in
            // (`s_mb_last_groups`, 0 after mount), not from the goal.
            goalGroup = lastStreamGroups[Int(inode % UInt64(lastStreamGroups.count))] ?? 0
            goalOffset = 0
        }
        let result = scanGroups(from: Int(goalGroup), want: Int(want), count: groupCount)
        guard let (g, start, len) = result else { return nil }
        if let inode { lastStreamGroups[Int(inode % UInt64(lastStreamGroups.count))] = UInt64(g) }
        return (geometry.block(group: UInt64(g), clusterOffset: UInt64(start)), UInt64(len))
    }

    private func scanGroups(from first: Int, want: Int, count: Int) -> (Int, Int, Int)? {
        let order = Int.bitWidth - want.leadingZeroBitCount  // fls
        if want.nonzeroBitCount == 1, order >= order2Requests, order - 1 <= maxOrder {
            let o = order - 1
            // Groups are taken by their largest free order, smallest sufficient order first.
            let largest = (0..<count).map { groups[$0].largestFreeOrder(maxOrder: maxOrder) }
            for target in o...maxOrder {
                for k in 0..<count {
                    let g = (first + k) % count
                    guard largest[g] == target, !isFlexMetadataGroup(g) else { continue }
                    if let b = groups[g].firstMaximalBuddy(minOrder: o, maxOrder: maxOrder) {
                        return (g, b.start, want)
                    }
                }
            }
        }
        // Best fit among free extents, group by group.
        for k in 0..<count {
            let g = (first + k) % count
            if let (s, l) = complexScan(g, want: want), l >= want { return (g, s, want) }
        }
        // Any free space at all: the largest extent, trimmed.
        var best: (Int, Int, Int)?
        for k in 0..<count {
            let g = (first + k) % count
            if let (s, l) = complexScan(g, want: want), l > (best?.2 ?? 0) { best = (g, s, min(l, want)) }
        }
        return best
    }

    /// Whether `g` is the first group of a flex group (it holds the flex group's bitmaps and
    /// inode tables). The power-of-two scan walks only groups whose buddy is initialised; a
    /// metadata group's buddy is not loaded by data allocations, so the corpus shows that scan
    /// never landing there (stream requests starting from group 0 end in group 1) while the
    /// best-fit scan does (ext4-nodelalloc-random-write: 501 blocks at 8487).
    func isFlexMetadataGroup(_ g: Int) -> Bool {
        geometry.flexGroupSize >= 4 && UInt64(g) % geometry.flexGroupSize == 0
    }

    /// `ext4_mb_complex_scan_group` with `ext4_mb_measure_extent`: walk free extents from the
    /// group's first free cluster; an exact fit wins at once; else the smallest extent that
    /// satisfies, or the largest that does not, after `min_to_scan` satisfying candidates.
    func complexScan(_ g: Int, want: Int) -> (Int, Int)? {
        var best: (Int, Int)?
        var found = 0
        for run in groups[g].freeRuns() {
            found += 1
            let len = run.count
            if len == want { return (run.lowerBound, len) }
            if let b = best {
                if b.1 < want { if len > b.1 { best = (run.lowerBound, len) } }
                else if len > want && len < b.1 { best = (run.lowerBound, len) }
            } else { best = (run.lowerBound, len) }
            if found >= maxToScan { break }
            if found > minToScan, let b = best, b.1 >= want { break }
        }
        return best
    }
}
