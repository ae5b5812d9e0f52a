/// A run of folio ranges `iomap_add_to_ioend` gathered into one `struct iomap_ioend`.
struct SeriesIoend: Sendable {
    var start: UInt32
    var length: UInt32
    var physical: UInt64
    /// The blocks are unwritten (`IOMAP_IOEND_UNWRITTEN`), or (delay-map) newly reserved.
    var needsMapping: Bool

    var end: UInt32 { start + length }
}

extension IomapPath {
    /// `ext4_iomap_writepages` → `iomap_writepages`: every dirty folio in the range goes through
    /// `iomap_writeback_folio`; each dirty block range through `ext4_iomap_writeback_range` →
    /// `ext4_iomap_map_writeback_range` (unless the cached mapping still covers it) and
    /// `iomap_add_to_ioend`. The I/O completes before the next operation (fsync waits for it;
    /// background writeback completes within milliseconds).
    /// Leaves out: `nr_to_write` limits, range_cyclic wrap-around, bio size splits.
    mutating func writepages(_ key: InodeKey, rangeStart: UInt64, rangeEnd: UInt64, _ c: OperationContext) {
        guard var inode = inodes[key], !inode.dirty.runs.isEmpty else { return }
        let bs = geometry.blockSize
        let first = UInt32(min(rangeStart / bs, UInt64(UInt32.max - 1)))
        let last = UInt32(min(rangeEnd / bs, UInt64(UInt32.max - 1)))
        var cached: (run: BlockRun, seq: UInt64)? = nil
        var ioends: [SeriesIoend] = []
        let dirtyRuns = inode.dirty.runs.filter { $0.end > first && $0.start <= last }
        for folio in folios(covering: dirtyRuns, inode) {
            counters.foliosWrittenBack += 1
            emit(PredictedEvent(c, "iomap_writeback_folio",
                                "dev \(key.dev) ino \(PredictedEvent.hex(key.ino)) size \(PredictedEvent.hex(inode.size)) offset \(PredictedEvent.hex(UInt64(folio.start) * bs)) length \(PredictedEvent.hex(UInt64(folio.length) * bs))"))
            var block = folio.start
            while block < folio.end {
                let dirtyRun = inode.dirty.run(at: block, limit: folio.end)
                let len = min(dirtyRun.length, folio.end - block)
                defer { block += len }
                guard dirtyRun.state == .written else { continue }
                var done: UInt32 = 0
                while done < len {
                    let b = block + done
                    if cached == nil || !(cached!.run.start <= b && b < cached!.run.end) || cached!.seq != inode.esSeq {
                        cached = (mapWritebackRange(key, &inode, at: b, dirtyBlocks: len - done, lastBlock: last, c), inode.esSeq)
                    }
                    let run = cached!.run
                    let n = min(len - done, run.end - b)
                    addToIoend(&ioends, key, inode, run: run, block: b, count: n, c)
                    done += n
                }
            }
        }
        inode.dirty.set(first, last - first + 1, .hole)
        inodes[key] = inode
        complete(key, ioends, c)
    }

    /// The folios holding `runs`, in file order.
    func folios(covering runs: [BlockRun], _ inode: SeriesInode) -> [BlockRun] {
        var out: [BlockRun] = []
        for r in runs {
            var b = r.start
            while b < r.end {
                let (start, count) = folio(containing: b, in: inode) ?? (b, 1)
                if out.last?.start != start {
                    out.append(BlockRun(start: start, length: count, state: .written, physical: nil))
                }
                b = start + count
            }
        }
        return out
    }

    /// `ext4_iomap_map_writeback_range`: maps up to `MAX_WRITEPAGES_EXTENT_LEN` (2048) blocks,
    /// as far as the writeback range reaches; a delayed extent is allocated whole in
    /// `ext4_iomap_map_one_extent` (one `EXT4_HT_WRITE_PAGE` handle, unwritten extent,
    /// `ext4_da_write_pages_extent`) — or, under delay-map, only reserved.
    mutating func mapWritebackRange(_ key: InodeKey, _ inode: inout SeriesInode, at block: UInt32,
                                    dirtyBlocks: UInt32, lastBlock: UInt32, _ c: OperationContext) -> BlockRun {
        var want = dirtyBlocks
        if lastBlock >= block + want { want = lastBlock - block + 1 }
        want = min(want, 2048)
        var run = inode.states.run(at: block, limit: block + want)
        run.length = min(run.length, want)
        var flags: UInt32 = 0
        switch run.state {
        case .delayed:
            counters.delayedExtentsMapped += 1
            emit(PredictedEvent(c, "ext4_da_write_pages_extent",
                                "dev \(PredictedEvent.ext4Dev(key.dev)) ino \(key.ino) lblk \(run.start) len \(run.length) flags 0x100"))
            let physical = allocator.allocate(key, length: run.length)
            run.physical = physical
            counters.allocations += 1
            switch scheme {
            case .iomap:
                handle(.writePage, credits: Self.chunkTransBlocks,
                       dirtying: metadataBlocks(forAllocationAt: physical, key), key,
                       caller: "ext4_iomap_map_one_extent", c)
                inode.states.set(run.start, run.length, .unwritten, physical: physical)
                inode.esSeq += 1
                run.state = .unwritten
                flags = MapFlags.new | MapFlags.unwritten
            case .delaymap:
                // Reserved in an inode preallocation; the es tree keeps the delayed extent
                // until completion inserts it.
                run.state = .delayed
                flags = MapFlags.new | MapFlags.mapped
            }
        case .unwritten: flags = MapFlags.unwritten
        case .written: flags = MapFlags.mapped
        case .hole: flags = 0
        }
        counters.writebackMapCalls += 1
        let bs = geometry.blockSize, seq = inode.esSeq
        emit(.setIomap("ext4_iomap_map_writeback_range", key, lblk: run.start, len: run.length, mflags: flags,
                       seq: seq, offset: UInt64(block) * bs, length: UInt64(dirtyBlocks) * bs, iomapFlags: 0, c))
        return run
    }

    /// `iomap_add_to_ioend`: extends the current ioend when the range follows it logically and
    /// physically with the same type, else starts a new one.
    mutating func addToIoend(_ ioends: inout [SeriesIoend], _ key: InodeKey, _ inode: SeriesInode,
                             run: BlockRun, block: UInt32, count: UInt32, _ c: OperationContext) {
        guard run.state != .hole, let base = run.physical else { return }
        counters.ioendAdds += 1
        let physical = base + UInt64(block - run.start)
        let needsMapping = run.state != .written
        let bs = geometry.blockSize
        let type = run.state == .unwritten ? "UNWRITTEN (0x3)" : "MAPPED (0x2)"
        emit(PredictedEvent(c, "iomap_add_to_ioend",
                            "dev \(key.dev) ino \(PredictedEvent.hex(key.ino)) bdev \(key.dev) pos \(PredictedEvent.hex(UInt64(block) * bs)) dirty len \(PredictedEvent.hex(UInt64(count) * bs)) addr \(PredictedEvent.hex(physical * bs)) offset \(PredictedEvent.hex(UInt64(run.start) * bs)) length \(PredictedEvent.hex(UInt64(run.length) * bs)) type \(type) flags DIRTY (0x2)"))
        if var last = ioends.last, last.end == block, last.physical + UInt64(last.length) == physical,
           last.needsMapping == needsMapping {
            last.length += count
            ioends[ioends.count - 1] = last
        } else {
            ioends.append(SeriesIoend(start: block, length: count, physical: physical, needsMapping: needsMapping))
        }
    }
}
