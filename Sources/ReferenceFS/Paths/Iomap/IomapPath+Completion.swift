extension IomapPath {
    /// I/O completion of one writeback pass: `ext4_iomap_end_bio` defers to `ext4_iomap_end_io`,
    /// which sorts and merges contiguous ioends (`iomap_ioend_try_merge`) and finishes each.
    func complete(_ fs: inout Filesystem, ino: UInt64, _ ioends: [SeriesIoend], ctx: OperationContext) {
        var merged: [SeriesIoend] = []
        for io in ioends.sorted(by: { $0.start < $1.start }) {
            if let last = merged.last, last.canTake(io) { merged[merged.count - 1].length += io.length } else { merged.append(io) }
        }
        for io in merged {
            switch scheme {
            case .iomap: finishIoend(&fs, ino: ino, io, ctx: ctx)
            case .delaymap: finishDelayMapIoend(&fs, ino: ino, io, ctx: ctx)
            }
        }
    }

    /// `ext4_iomap_finish_ioend`: one normal (not reserved) `EXT4_HT_EXT_CONVERT` handle of
    /// `ext4_chunk_trans_blocks` credits converts the unwritten extent and moves `i_disksize` to
    /// `min(end, i_size)` — only for an unwritten ioend or one ending past `i_disksize`
    /// (`ext4_iomap_end_bio` finishes the others without a handle).
    func finishIoend(_ fs: inout Filesystem, ino: UInt64, _ io: SeriesIoend, ctx: OperationContext) {
        var inode = fs[ino]
        let end = min(io.end * fs.blockSize, inode.sizeBytes)
        guard io.needsMapping || end > inode.disksizeBytes else { return }
        var dirtied = [fs.inodeTableBlock(ino)]
        if io.needsMapping {
            fs.counters.mapBlocksCalls += 1
            fs.emitConversion(ino, io.start..<io.end, ctx: ctx)
            fs.counters.unwrittenConversions += inode.extents.convertToWritten(io.start, io.end)
            inode.iomap.esSeq += 1
            if let node = inode.extents.nodeBlocks.last { dirtied.append(.extentNode(node)) }
        }
        inode.disksizeBytes = max(inode.disksizeBytes, end)
        inode.syncTid = fs.journal.running.tid
        inode.datasyncTid = fs.journal.running.tid
        fs[ino] = inode
        // A conversion that splits the extent past the inode's 4 slots grows the tree
        // (`ext4_ext_insert_extent` → `ext4_ext_grow_indepth`), as buffer_head's does.
        dirtied += fs.growTreeIfNeeded(ino, flags: [.metadataNoFail], ctx: ctx)
        withHandle(&fs, .extConvert, credits: Self.chunkCredits(fs.geometry), dirtying: dirtied,
                   ino: ino, caller: "ext4_iomap_end_io", ctx: ctx)
    }
}
