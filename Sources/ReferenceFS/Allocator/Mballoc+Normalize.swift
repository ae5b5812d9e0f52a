extension Mballoc {
    /// The goal window of a stream request, in clusters, and a physical goal when the window
    /// abuts a mapped neighbour.
    ///
    /// Mirrors `ext4_mb_normalize_request`: predict the file size from the request end and
    /// `i_size` (16 KiB … 1 MiB steps, then 2/4/8 MiB windows aligned to themselves), keep clear
    /// of mapped neighbours and of the inode's other PAs (`ext4_mb_pa_adjust_overlap`), cap at a
    /// group, and aim right after `pleft` / right before `pright` to merge (`HINT_TRY_GOAL`).
    /// Leaves out the stripe alignment.
    func normalize(_ r: AllocationRequest) -> (window: (start: UInt64, clusters: UInt64), mergeGoal: UInt64?) {
        let ratio = geometry.clusterRatio
        let bits = UInt64(geometry.blockBits)
        let origStart = r.logicalBlock / ratio * ratio
        let origEnd = (r.logicalBlock + r.lengthBlocks + ratio - 1) / ratio * ratio
        var size = max(origEnd << bits, r.inodeSizeBytes)
        let maxChunk: UInt64 = 2 << bits
        let origLenBlocks = origEnd - origStart
        var startOff: UInt64 = 0
        func check(_ req: UInt64, _ limit: UInt64, _ chunk: UInt64) -> Bool { req <= limit || maxChunk <= chunk }
        let kib: UInt64 = 1024, mib: UInt64 = 1024 * 1024
        if size <= 16 * kib { size = 16 * kib }
        else if size <= 32 * kib { size = 32 * kib }
        else if size <= 64 * kib { size = 64 * kib }
        else if size <= 128 * kib { size = 128 * kib }
        else if size <= 256 * kib { size = 256 * kib }
        else if size <= 512 * kib { size = 512 * kib }
        else if size <= mib { size = mib }
        else if check(size, 4 * mib, 2 * kib) {
            startOff = (origStart >> (21 - bits)) << 21
            size = 2 * mib
        } else if check(size, 8 * mib, 4 * kib) {
            startOff = (origStart >> (22 - bits)) << 22
            size = 4 * mib
        } else if check(origLenBlocks, (8 * mib) >> bits, 8 * kib) {
            startOff = (origStart >> (23 - bits)) << 23
            size = 8 * mib
        } else {
            startOff = origStart << bits
            size = origLenBlocks << bits
        }
        var start = startOff >> bits
        var sizeBlocks = size >> bits
        start = max(start, origStart / geometry.blocksPerGroup * geometry.blocksPerGroup)
        if let left = r.left, start <= left.logical {
            let cut = left.logical + 1 - start
            sizeBlocks = sizeBlocks > cut ? sizeBlocks - cut : 0
            start = left.logical + 1
        }
        if let right = r.right, start + sizeBlocks > right.logical {
            sizeBlocks = right.logical > start ? right.logical - start : 0
        }
        sizeBlocks = min(sizeBlocks, geometry.blocksPerGroup)
        var end = start + sizeBlocks
        // ext4_mb_pa_adjust_overlap: stay clear of this inode's other preallocations.
        for pa in inodePreallocations[r.inode] ?? [] where pa.freeBlocks > 0 {
            if pa.logicalEnd <= origStart { start = max(start, pa.logicalEnd) }
            else if pa.logicalStart >= origEnd { end = min(end, pa.logicalStart) }
        }
        // The window must hold the request's first block (its end may fall short: then only
        // the window's length is allocated and the caller maps the rest later).
        start = min(start, origStart)
        end = max(end, origStart + ratio)
        start = start / ratio * ratio
        let clusters = (end - start + ratio - 1) / ratio
        var mergeGoal: UInt64?
        if let right = r.right, right.logical == end, right.physical >= end - start {
            mergeGoal = right.physical - (end - start)
        }
        if let left = r.left, left.logical + 1 == start {
            mergeGoal = left.physical + 1
        }
        return ((start / ratio, clusters), mergeGoal)
    }
}
