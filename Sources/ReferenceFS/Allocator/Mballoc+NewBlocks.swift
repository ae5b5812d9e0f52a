extension Mballoc {
    /// How a data request is served (`ext4_mb_group_or_file`).
    enum Strategy { case stream, localityGroup, noPrealloc, metadata }

    /// Allocates blocks for `request`.
    ///
    /// Mirrors `ext4_mb_new_blocks`: `ext4_mb_group_or_file`, `ext4_mb_use_preallocated`
    /// (inode PA, then the CPU's locality group), `ext4_mb_normalize_request`,
    /// `ext4_mb_regular_allocator`, `ext4_mb_new_preallocation`. Leaves out: quota and
    /// reservation accounting, the busy-extent and discard machinery, trimming of old group PAs
    /// (`ext4_mb_add_n_trim`), and allocation failure (a full filesystem).
    public mutating func newBlocks(_ request: AllocationRequest) -> AllocatedRange? {
        var outcome: MballocOutcome?
        return newBlocks(request, outcome: &outcome)
    }

    /// `newBlocks(_:)`, telling in `outcome` how the request was served, as
    /// `ext4_mb_collect_stats` logs it (`MballocOutcome`).
    public mutating func newBlocks(_ request: AllocationRequest, outcome: inout MballocOutcome?) -> AllocatedRange? {
        let ratio = geometry.clusterRatio
        let strategy = chooseStrategy(request)
        let orig = originalExtent(request)
        if request.isData, let got = useInodePreallocation(request) {
            outcome = preallocOutcome(orig, got, request)
            return counted(got)
        }
        if strategy == .localityGroup, let got = useGroupPreallocation(request) {
            outcome = preallocOutcome(orig, got, request)
            return counted(got)
        }
        let streamGroup = lastStreamGroups[Int(request.inode % UInt64(lastStreamGroups.count))] ?? 0

        // The original request in clusters (`ac_o_ex`), and the goal window (`ac_g_ex`).
        let lcluster = request.logicalBlock / ratio
        let lastCluster = (request.logicalBlock + request.lengthBlocks - 1) / ratio
        let origClusters = lastCluster - lcluster + 1
        var window = (start: lcluster, clusters: origClusters)
        var tryGoal = false
        var goal = request.goal
        switch strategy {
        case _ where request.noPreallocation:
            break  // ext4_mb_normalize_request: "caller may indicate that preallocation isn't required"
        case .localityGroup:
            window.clusters = groupPreallocClusters
        case .stream:
            let n = normalize(request)
            window = n.window
            if let g = n.mergeGoal { goal = g; tryGoal = true }
        case .noPrealloc, .metadata:
            break
        }
        guard let found = regularAllocator(goalBlock: goal, clusters: window.clusters, tryGoal: tryGoal,
                                           stream: strategy == .stream ? request.inode : nil) else { return nil }
        outcome = allocOutcome(orig, strategy: strategy, window: window, tryGoal: tryGoal ? goal : nil,
                               streamGroup: streamGroup, found: found)
        let foundClusters = found.clusters
        markUsed(found.block..<found.block + foundClusters * ratio)
        if strategy == .stream || strategy == .localityGroup, foundClusters > origClusters {
            return counted(newPreallocation(request, strategy: strategy, found: found, window: window))
        }
        let offsetInCluster = request.logicalBlock % ratio
        let blocks = min(foundClusters * ratio - offsetInCluster, request.lengthBlocks)
        return counted(AllocatedRange(physicalBlock: found.block + offsetInCluster, lengthBlocks: blocks))
    }

    private mutating func counted(_ r: AllocatedRange) -> AllocatedRange {
        allocationCount += 1
        return r
    }

    /// `ext4_mb_group_or_file`: small files share the CPU's locality group; large ones stream
    /// with their own preallocation; a closed file written back whole gets no preallocation.
    func chooseStrategy(_ r: AllocationRequest) -> Strategy {
        guard r.isData else { return .metadata }
        let bs = UInt64(geometry.blockSize)
        let size = r.logicalBlock + r.lengthBlocks
        let isize = (r.inodeSizeBytes + bs - 1) / bs
        if size == isize && !r.isOpenForWrite { return .noPrealloc }
        if max(size, isize) > streamRequestBlocks { return .stream }
        return .localityGroup
    }

    /// `ext4_mb_use_preallocated`, inode part: the request's first block lies in one of the
    /// inode's PAs; hand out from there up to the PA's end (`ext4_mb_use_inode_pa`).
    mutating func useInodePreallocation(_ r: AllocationRequest) -> AllocatedRange? {
        guard var pas = inodePreallocations[r.inode] else { return nil }
        let ratio = geometry.clusterRatio
        let lstart = r.logicalBlock / ratio * ratio
        for k in pas.indices where pas[k].logicalStart <= lstart && lstart < pas[k].logicalEnd && pas[k].freeBlocks > 0 {
            let pa = pas[k]
            let start = pa.physicalStart + (r.logicalBlock - pa.logicalStart)
            let end = min(pa.physicalEnd, start + r.lengthBlocks)
            let cStart = start - (r.logicalBlock - lstart)
            let cEnd = min(pa.physicalEnd, (end + ratio - 1) / ratio * ratio)
            pas[k].handedOut.insert(cStart..<cEnd)
            pas[k].freeBlocks = pa.lengthBlocks - pas[k].handedOut.count
            inodePreallocations[r.inode] = pas
            return AllocatedRange(physicalBlock: start, lengthBlocks: end - start)
        }
        return nil
    }

    /// `ext4_mb_use_preallocated`, locality-group part: among this CPU's group PAs with room,
    /// the one closest to the goal (`ext4_mb_check_group_pa`), handed out from its start
    /// (`ext4_mb_use_group_pa`).
    mutating func useGroupPreallocation(_ r: AllocationRequest) -> AllocatedRange? {
        guard var pas = localityGroups[r.cpu] else { return nil }
        let ratio = geometry.clusterRatio
        let need = (r.lengthBlocks + r.logicalBlock % ratio + ratio - 1) / ratio * ratio
        var best: Int?
        for k in pas.indices where pas[k].freeBlocks >= need {
            if let b = best {
                let d = pas[k].physicalStart > r.goal ? pas[k].physicalStart - r.goal : r.goal - pas[k].physicalStart
                let db = pas[b].physicalStart > r.goal ? pas[b].physicalStart - r.goal : r.goal - pas[b].physicalStart
                if d < db { best = k }
            } else { best = k }
        }
        guard let k = best else { return nil }
        let start = pas[k].physicalStart + r.logicalBlock % ratio
        pas[k].physicalStart += need
        pas[k].freeBlocks -= need
        pas[k].lengthBlocks -= need
        if pas[k].freeBlocks == 0 { pas.remove(at: k) }
        localityGroups[r.cpu] = pas
        return AllocatedRange(physicalBlock: start, lengthBlocks: r.lengthBlocks)
    }

    /// `ext4_mb_new_inode_pa` / `ext4_mb_new_group_pa`: the found space becomes a PA and the
    /// request is served from it.
    mutating func newPreallocation(_ r: AllocationRequest, strategy: Strategy,
                                   found: (block: UInt64, clusters: UInt64),
                                   window: (start: UInt64, clusters: UInt64)) -> AllocatedRange {
        let ratio = geometry.clusterRatio
        let lenBlocks = found.clusters * ratio
        if strategy == .localityGroup {
            let pa = Preallocation(kind: .group, physicalStart: found.block, logicalStart: found.block,
                                   lengthBlocks: lenBlocks, freeBlocks: lenBlocks)
            localityGroups[r.cpu, default: []].append(pa)
            return useGroupPreallocation(r) ?? AllocatedRange(physicalBlock: found.block, lengthBlocks: r.lengthBlocks)
        }
        // If less than the window was found, place the PA so it still covers the request.
        var lstart = window.start * ratio
        let lcluster = r.logicalBlock / ratio * ratio
        if found.clusters < window.clusters {
            let wend = (window.start + window.clusters) * ratio
            if lcluster + lenBlocks > wend { lstart = wend >= lenBlocks ? wend - lenBlocks : 0 }
            if lstart > lcluster { lstart = lcluster }
            if lstart + lenBlocks <= lcluster { lstart = lcluster }
        }
        let pa = Preallocation(kind: .inode, physicalStart: found.block, logicalStart: lstart,
                               lengthBlocks: lenBlocks, freeBlocks: lenBlocks)
        inodePreallocations[r.inode, default: []].append(pa)
        return useInodePreallocation(r) ?? AllocatedRange(physicalBlock: found.block, lengthBlocks: r.lengthBlocks)
    }

    /// `ext4_discard_preallocations`: an inode's PAs are dropped and their unused blocks freed
    /// (at truncate, at the last close of a writer, at eviction).
    public mutating func discardPreallocations(inode: UInt64) {
        guard let pas = inodePreallocations.removeValue(forKey: inode) else { return }
        for pa in pas { releaseUnused(pa) }
    }

    /// Frees a PA's blocks that were never handed out (`ext4_mb_release_inode_pa`).
    mutating func releaseUnused(_ pa: Preallocation) {
        guard pa.freeBlocks > 0 else { return }
        var cursor = pa.physicalStart
        for r in pa.handedOut.ranges {
            if cursor < r.lowerBound { markFree(cursor..<r.lowerBound) }
            cursor = r.upperBound
        }
        if cursor < pa.physicalEnd { markFree(cursor..<pa.physicalEnd) }
    }
}
