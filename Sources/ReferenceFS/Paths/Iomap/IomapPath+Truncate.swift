extension IomapPath {
    /// `ext4_truncate` / `ext4_setattr` to `size`. Truncating down zeroes the partial last block
    /// outside any handle (`ext4_block_truncate_page` → `ext4_iomap_block_zero_range`) and, if it
    /// zeroed something, writes it back before the truncate transaction
    /// (`filemap_write_and_wait_range`) — the series' replacement for data=ordered.
    /// Leaves out: the truncate handle itself and the orphan list (the buffer_head model's).
    mutating func truncate(_ key: InodeKey, to size: UInt64, _ c: OperationContext) {
        guard var inode = inodes[key] else { return }
        let bs = geometry.blockSize
        if size < inode.size {
            if size % bs != 0 {
                let zeroed = zeroRange(key, from: size, length: bs - size % bs, c)
                if zeroed {
                    writepages(key, rangeStart: size, rangeEnd: size + (bs - size % bs) - 1, c)
                }
                inode = inodes[key] ?? inode
            }
            let firstGone = UInt32((size + bs - 1) / bs)
            inode.states.set(firstGone, UInt32.max - firstGone, .hole)
            inode.dirty.set(firstGone, UInt32.max - firstGone, .hole)
            inode.folios = inode.folios.filter { $0.key < firstGone }
            inode.esSeq += 1
            inode.disksize = min(inode.disksize, size)
        }
        inode.size = size
        inodes[key] = inode
    }

    /// Punch hole / zero range: the partial head and tail blocks are zeroed outside the handle
    /// (`ext4_zero_partial_blocks` → `iomap_zero_range`). Leaves out: the extent removal and
    /// its handle (the buffer_head model's).
    mutating func zeroPartialBlocks(_ key: InodeKey, offset: UInt64, length: UInt64, _ c: OperationContext) {
        let bs = geometry.blockSize
        let end = offset + length
        if offset % bs != 0 {
            zeroRange(key, from: offset, length: min(end, (offset / bs + 1) * bs) - offset, c)
        }
        if end % bs != 0 && end / bs != offset / bs {
            zeroRange(key, from: end - end % bs, length: end % bs, c)
        }
    }

    /// `ext4_iomap_block_zero_range` → `iomap_zero_range` within one block: one
    /// `ext4_iomap_zero_begin`; holes and clean unwritten blocks need nothing, delayed or
    /// written blocks are zeroed in the page cache (dirtying the folio). Returns whether it
    /// zeroed.
    @discardableResult
    mutating func zeroRange(_ key: InodeKey, from: UInt64, length: UInt64, _ c: OperationContext) -> Bool {
        guard length > 0, var inode = inodes[key] else { return false }
        let block = UInt32(from / geometry.blockSize)
        let run = inode.states.run(at: block, limit: block + 1)
        let flags: UInt32
        switch run.state {
        case .hole: flags = 0
        case .delayed: flags = MapFlags.delayed
        case .unwritten: flags = MapFlags.unwritten
        case .written: flags = MapFlags.mapped
        }
        counters.zeroBeginCalls += 1
        emit(.setIomap("ext4_iomap_zero_begin", key, lblk: block, len: 1, mflags: flags, seq: inode.esSeq,
                       offset: from, length: length, iomapFlags: Self.iomapZero, c))
        let dirtyHere = inode.dirty.run(at: block, limit: block + 1).state == .written
        guard run.state == .delayed || run.state == .written || (run.state == .unwritten && dirtyHere) else {
            return false
        }
        dirty(&inode, from: from, to: from + length)
        inodes[key] = inode
        return true
    }
}
