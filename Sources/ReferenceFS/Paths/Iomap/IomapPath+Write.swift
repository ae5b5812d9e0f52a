extension IomapPath {
    static let iomapWrite: UInt32 = 0x1
    static let iomapZero: UInt32 = 0x2

    /// `ext4_buffered_write_iter` → `ext4_iomap_buffered_write` → `iomap_file_buffered_write`:
    /// one `->iomap_begin` per iteration, each iteration covering the mapping returned.
    ///
    /// `ext4_iomap_map_blocks` asks for the whole remaining range; `ext4_da_map_blocks` clips it
    /// to the extent-status run found and turns a hole into one delayed extent (reserving its
    /// blocks) — no handle. With `nodelalloc`, `ext4_iomap_get_blocks` allocates unwritten
    /// blocks under one `EXT4_HT_WRITE_PAGE` handle (credits `ext4_chunk_trans_blocks + 1`).
    /// Before the write, `ext4_write_checks` zeroes the partial EOF block past the old size.
    /// Leaves out: short writes, `ext4_nonda_switch`, stale-mapping revalidation.
    mutating func write(_ key: InodeKey, pos: UInt64, length: UInt64, _ c: OperationContext) {
        guard length > 0 else { return }
        counters.writes += 1
        counters.bytesWritten += length
        lastDevice = key.dev
        var inode = inodes[key] ?? SeriesInode()
        let bs = geometry.blockSize
        if pos > inode.size && inode.size % bs != 0 {
            let end = min(pos, (inode.size / bs + 1) * bs)
            inodes[key] = inode
            zeroRange(key, from: inode.size, length: end - inode.size, c)
            inode = inodes[key] ?? inode
        }
        var block = UInt32(pos / bs)
        let endBlock = UInt32((pos + length - 1) / bs) + 1
        var offset = pos
        while block < endBlock {
            let run = inode.states.run(at: block, limit: endBlock)
            let len = min(run.length, endBlock - block)
            var flags: UInt32
            switch run.state {
            case .hole where geometry.delalloc:
                inode.states.set(block, len, .delayed)
                inode.esSeq += 1
                flags = MapFlags.delayed
            case .hole:
                let physical = allocator.allocate(key, length: len)
                inode.states.set(block, len, .unwritten, physical: physical)
                inode.esSeq += 1
                counters.allocations += 1
                handle(.writePage, credits: Self.chunkTransBlocks + 1,
                       dirtying: metadataBlocks(forAllocationAt: physical, key), key,
                       caller: "ext4_iomap_get_blocks", c)
                flags = MapFlags.new | MapFlags.unwritten
            case .delayed: flags = MapFlags.delayed
            case .unwritten: flags = MapFlags.unwritten
            case .written: flags = MapFlags.mapped
            }
            counters.iomapBeginCalls += 1
            counters.writeBeginCalls += 1
            emit(.setIomap("ext4_iomap_buffered_write_begin", key, lblk: block, len: len, mflags: flags,
                           seq: inode.esSeq, offset: offset, length: pos + length - offset,
                           iomapFlags: Self.iomapWrite, c))
            let chunkEnd = min(pos + length, UInt64(block + len) * bs)
            dirty(&inode, from: offset, to: chunkEnd)
            offset = chunkEnd
            block += len
        }
        inode.size = max(inode.size, pos + length)
        inodes[key] = inode
    }

    /// `ext4_chunk_trans_blocks(inode, n)` on 6.18 with an extent tree of depth 0: the worst-case
    /// index estimate (`EXT4_MAX_EXTENT_DEPTH`) makes it independent of `n` — 30, the
    /// `blocks 30` every `ext4_do_writepages` handle of the captures asks.
    static let chunkTransBlocks = 30

    /// Marks `[from, to)` dirty, creating folios the way `iomap_write_begin` gets them:
    /// `fgf_set_order(len)` — the largest power-of-two folio, aligned, that the write covers.
    mutating func dirty(_ inode: inout SeriesInode, from: UInt64, to: UInt64) {
        let bs = geometry.blockSize
        let pageBlocks = max(1, UInt32(4096 / bs))
        var block = UInt32(from / bs)
        let end = UInt32((to - 1) / bs) + 1
        while block < end {
            if let (start, count) = folio(containing: block, in: inode) {
                block = start + count
                continue
            }
            let remaining = UInt64(to) - UInt64(block) * bs
            var size = pageBlocks
            while UInt64(size) * 2 * bs <= remaining && size * 2 <= Self.maxFolioBlocks(bs)
                    && block % (size * 2) == 0 && !overlapsFolio(block, size * 2, inode) {
                size *= 2
            }
            let start = block - block % pageBlocks
            inode.folios[start] = size
            block = start + size
        }
        inode.dirty.set(UInt32(from / bs), end - UInt32(from / bs), .written)
    }

    /// ext4's largest page-cache folio on this kernel: 1 MiB (the 1 MiB-write captures release
    /// 16 folios for 16 MiB).
    static func maxFolioBlocks(_ blockSize: UInt64) -> UInt32 { UInt32((1 << 20) / blockSize) }

    func folio(containing block: UInt32, in inode: SeriesInode) -> (UInt32, UInt32)? {
        var size = UInt32(1)
        let limit = Self.maxFolioBlocks(geometry.blockSize)
        while size <= limit {
            let start = block - block % size
            if let count = inode.folios[start], start + count > block { return (start, count) }
            size *= 2
        }
        return nil
    }

    func overlapsFolio(_ start: UInt32, _ count: UInt32, _ inode: SeriesInode) -> Bool {
        for b in start..<(start + count) where inode.folios[b] != nil { return true }
        return false
    }
}
