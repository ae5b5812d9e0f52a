import TraceParser

/// Folio ranges `iomap_add_to_ioend` gathered into one `struct iomap_ioend`.
struct SeriesIoend: Sendable, Equatable {
    var start: UInt64
    var length: UInt64
    var physical: UInt64
    /// Unwritten blocks (`IOMAP_IOEND_UNWRITTEN`), or under delay-map blocks only reserved.
    var needsMapping: Bool

    var end: UInt64 { start + length }

    /// `iomap_can_add_to_ioend` / `iomap_ioend_can_merge`: same type, logically and physically
    /// contiguous.
    func canTake(_ o: SeriesIoend) -> Bool {
        end == o.start && physical + length == o.physical && needsMapping == o.needsMapping
    }
}

extension IomapPath {
    /// `->writepages`: `ext4_iomap_writepages` → `iomap_writepages`.
    ///
    /// Every dirty folio in the range goes through `iomap_writeback_folio`; each of its dirty
    /// block ranges through `ext4_iomap_writeback_range` → `ext4_iomap_map_writeback_range`
    /// (unless the cached mapping still covers it and `i_es_seq` has not moved) and
    /// `iomap_add_to_ioend`. The I/O completes before the next operation (fsync waits for it;
    /// background writeback completes within milliseconds). Leaves out `nr_to_write`, cyclic
    /// wrap-around and bio splits.
    public func writepages(_ fs: inout Filesystem, ino: UInt64, request: WritebackRequest, ctx: OperationContext) {
        if fallsBack(fs) { return BufferHeadPath().writepages(&fs, ino: ino, request: request, ctx: ctx) }
        let bs = fs.blockSize, bpp = fs.blocksPerPage
        let firstPage = request.rangeCyclic ? request.writebackIndex : request.rangeStart >> 12
        let lastPage = request.rangeCyclic || request.rangeEnd == .max ? UInt64.max - 1 : request.rangeEnd >> 12
        let window = firstPage..<lastPage + 1
        guard fs[ino].pages.dirty.intersects(window) else { return }
        let lastBlock = lastPage == UInt64.max - 1 ? UInt64(UInt32.max - 1) : min((lastPage + 1) * bpp - 1, UInt64(UInt32.max - 1))
        var cached: (run: StatusRun, seq: UInt64)? = nil
        var ioends: [SeriesIoend] = []
        for folio in dirtyFolios(fs[ino], window) {
            let size = fs[ino].sizeBytes
            fs.emit("iomap", "iomap_writeback_folio", ctx, [
                EventField("ino", .uint(ino)), EventField("size", .int(Int64(size))),
                EventField("offset", .int(Int64(folio.lowerBound << 12))), EventField("length", .uint(UInt64(folio.count) << 12)),
            ])
            for pages in fs[ino].pages.dirty.ranges(in: folio) {
                var lblk = pages.lowerBound * bpp
                let endBlock = min(pages.upperBound * bpp, (fs[ino].sizeBytes + bs - 1) / bs)
                while lblk < endBlock {
                    if cached == nil || !(cached!.run.start <= lblk && lblk < cached!.run.end) || cached!.seq != fs[ino].iomap.esSeq {
                        let run = mapWritebackRange(&fs, ino: ino, at: lblk, dirtyBlocks: endBlock - lblk, lastBlock: lastBlock, ctx: ctx)
                        cached = (run, fs[ino].iomap.esSeq)
                    }
                    let run = cached!.run
                    let n = min(endBlock, run.end) - lblk
                    addToIoend(&fs, &ioends, ino: ino, run: run, at: lblk, count: n, ctx: ctx)
                    lblk += n
                }
            }
        }
        fs[ino].pages.clean(window)
        complete(&fs, ino: ino, ioends, ctx: ctx)
    }

    /// The dirty folios meeting `window`, in file order.
    func dirtyFolios(_ inode: Inode, _ window: Range<UInt64>) -> [Range<UInt64>] {
        var out: [Range<UInt64>] = []
        for pages in inode.pages.dirty.ranges(in: window) {
            var p = pages.lowerBound
            while p < pages.upperBound {
                let (start, count) = folio(containing: p, inode.iomap) ?? (p, 1)
                if out.last?.lowerBound != start { out.append(start..<start + count) }
                p = start + count
            }
        }
        return out
    }

    /// `ext4_iomap_map_writeback_range`: maps up to `MAX_WRITEPAGES_EXTENT_LEN` blocks, as far as
    /// the writeback range reaches. A delayed run is allocated whole by
    /// `ext4_iomap_map_one_extent` (one `EXT4_HT_WRITE_PAGE` handle, `ext4_chunk_trans_blocks`
    /// credits, no reserve; `ext4_da_write_pages_extent`; always unwritten) — under delay-map
    /// the blocks are only reserved (the allocation is entered at completion, see
    /// `finishDelayMapIoend`).
    func mapWritebackRange(_ fs: inout Filesystem, ino: UInt64, at lblk: UInt64, dirtyBlocks: UInt64,
                           lastBlock: UInt64, ctx: OperationContext) -> StatusRun {
        let want = min(BufferHeadPath.maxWritepagesExtentBlocks, max(dirtyBlocks, lastBlock >= lblk ? lastBlock - lblk + 1 : 0))
        var run = statusRun(fs[ino], at: lblk, limit: lblk + want)
        var flags = run.mapFlags
        let datasyncDirty = fs[ino].datasyncTid > fs.journal.lastCommittedTid
        fs.emitExtentStatusLookup(ino, lblk, ctx: ctx)
        if run.state == .delayed {
            fs.emit("ext4", "ext4_da_write_pages_extent", ctx, [
                EventField("ino", .uint(ino)), EventField("lblk", .uint(run.start)), EventField("len", .uint(run.length)),
                EventField("flags", .string(MappedFlags.text(MappedFlags.delayed))),
            ])
            switch scheme {
            case .iomap:
                var m: BlockMapping? = nil
                let delayed = run
                withHandle(&fs, .writePage, credits: Self.chunkCredits(fs.geometry), dirtying: [],
                           ino: ino, caller: "ext4_iomap_writeback_range", ctx: ctx) { fs in
                    m = fs.mapBlocks(ino, delayed.start, delayed.length, flags: [.create, .delalloc, .unwritten, .metadataNoFail, .exNoCache], ctx: ctx)
                }
                fs[ino].iomap.esSeq += 1
                run = StatusRun(state: .unwritten, start: run.start, length: max(1, m?.lengthBlocks ?? 0), physical: m?.physicalBlock)
                // 7.3-rc7 prints NMU: ext4_map_create_blocks returns new unwritten blocks mapped.
                flags = MappedFlags.new | MappedFlags.mapped | MappedFlags.unwritten
            case .delaymap:
                // Reserved in an inode preallocation: no handle, the extent status keeps the
                // delayed run until completion inserts the written extent.
                run.physical = nil
                flags = MappedFlags.new | MappedFlags.mapped
            }
        }
        // ext4_set_iomap: DIRTY while the inode's datasync transaction is uncommitted
        // (`ext4_inode_datasync_dirty`, read before this call allocates), NEW for blocks this
        // call allocated. (A mapping past i_size is not DIRTY here: append-fsync, 7.3 iomap.)
        run.iomapFlags = (datasyncDirty ? Self.ioendDirty : 0) | (flags & MappedFlags.new != 0 ? Self.ioendNew : 0)
        let seq = fs[ino].iomap.esSeq, bs = fs.blockSize, mapped = run
        emitSetIomap(&fs, "ext4_iomap_map_writeback_range", ino: ino, lblk: mapped.start, len: mapped.length,
                            mapFlags: flags, seq: seq, offset: lblk * bs, length: dirtyBlocks * bs, iomapFlags: 0, ctx)
        return run
    }

    /// `iomap_add_to_ioend`: extends the open ioend when the range follows it, else opens one.
    func addToIoend(_ fs: inout Filesystem, _ ioends: inout [SeriesIoend], ino: UInt64, run: StatusRun,
                    at lblk: UInt64, count: UInt64, ctx: OperationContext) {
        guard run.state != .hole else { return }
        let bs = fs.blockSize
        // Under delay-map a reserved run has no physical block yet: ioends follow logically.
        let physical = run.physical.map { $0 + (lblk - run.start) } ?? (1 << 40) + lblk
        let io = SeriesIoend(start: lblk, length: count, physical: physical, needsMapping: run.state != .written)
        // `IOMAP_UNWRITTEN` 3, `IOMAP_DELALLOC` 1, `IOMAP_MAPPED` 2.
        let type: UInt64 = run.state == .unwritten ? 3 : run.state == .delayed ? 1 : 2
        let bdev = fs.device
        fs.emit("iomap", "iomap_add_to_ioend", ctx, [
            EventField("ino", .uint(ino)), EventField("bdev", .string(bdev)), EventField("pos", .uint(lblk * bs)),
            EventField("dirty_len", .uint(count * bs)), EventField("addr", .uint((run.physical ?? 0) * bs)),
            EventField("offset", .int(Int64(run.start * bs))), EventField("length", .uint(run.length * bs)),
            EventField("type", .uint(type)), EventField("flags", .uint(run.iomapFlags)),
        ])
        if let last = ioends.last, last.canTake(io) {
            ioends[ioends.count - 1].length += count
        } else {
            ioends.append(io)
        }
    }
}

