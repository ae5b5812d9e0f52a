extension IomapPath {
    /// I/O completion of one writepages pass: `ext4_iomap_end_bio` defers to
    /// `ext4_iomap_end_io`, which sorts and merges contiguous ioends (`iomap_ioend_try_merge`)
    /// and runs `ext4_iomap_finish_ioend` on each.
    mutating func complete(_ key: InodeKey, _ ioends: [SeriesIoend], _ c: OperationContext) {
        var merged: [SeriesIoend] = []
        for io in ioends.sorted(by: { $0.start < $1.start }) {
            if var last = merged.last, last.end == io.start, last.physical + UInt64(last.length) == io.physical,
               last.needsMapping == io.needsMapping {
                last.length += io.length
                merged[merged.count - 1] = last
            } else {
                merged.append(io)
            }
        }
        let worker = OperationContext(timestampNs: c.timestampNs, cpu: c.cpu, pid: 0, comm: "kworker/u8:4")
        for io in merged {
            switch scheme {
            case .iomap: finishIoend(key, io, worker)
            case .delaymap: finishDelayMapIoend(key, io, worker)
            }
        }
    }

    /// `ext4_iomap_finish_ioend`: one normal (not reserved) `EXT4_HT_EXT_CONVERT` handle,
    /// credits `ext4_chunk_trans_blocks(inode, blocks)`, converting the unwritten extent and
    /// moving i_disksize to `min(end, i_size)` — only when the ioend is unwritten or ends past
    /// i_disksize (`ext4_iomap_end_bio` completes the others without a handle).
    mutating func finishIoend(_ key: InodeKey, _ io: SeriesIoend, _ c: OperationContext) {
        guard var inode = inodes[key] else { return }
        let end = min(UInt64(io.end) * geometry.blockSize, inode.size)
        guard io.needsMapping || end > inode.disksize else { return }
        handle(.extConvert, credits: Self.chunkTransBlocks, dirtying: [inodeBlock(key)], key,
               caller: "ext4_iomap_finish_ioend", c)
        if io.needsMapping {
            inode.states.set(io.start, io.length, .written, physical: io.physical)
            inode.esSeq += 1
            counters.unwrittenConversions += 1
        }
        inode.disksize = max(inode.disksize, end)
        inodes[key] = inode
    }

    /// `ext4_sync_file`: write back and wait (`file_write_and_wait_range`), then commit the
    /// transaction holding the inode's changes (`jbd2_complete_transaction`). No data=ordered
    /// flush: the data is already on disk.
    mutating func fsync(_ key: InodeKey, _ c: OperationContext) {
        writepages(key, rangeStart: 0, rangeEnd: UInt64(Int64.max), c)
        commit(c)
    }
}
