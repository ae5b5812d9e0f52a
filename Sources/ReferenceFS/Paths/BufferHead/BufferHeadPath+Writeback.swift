import TraceParser

extension BufferHeadPath {
    /// Writes back an inode's dirty folios in the request's range.
    ///
    /// Mirrors `ext4_do_writepages`: folios whose blocks are all mapped and written go out with
    /// no handle; then, while folios need mapping, each round starts a type-2 handle
    /// (`ext4_da_writepages_trans_blocks`, plus a reserve for the conversion handle under
    /// dioread_nolock), gathers the first run of contiguous blocks needing a mapping (delayed
    /// or unwritten, at most `MAX_WRITEPAGES_EXTENT_LEN`: `mpage_prepare_extent_to_map`), maps
    /// it with one `ext4_map_blocks` call (`mpage_map_one_extent`), submits the folios it
    /// covered, moves `i_disksize` (`mpage_map_and_submit_extent`) and stops the handle. An I/O
    /// that wrote unwritten blocks is converted at completion in the reserved type-11 handle
    /// (`ext4_convert_unwritten_io_end_vec`). Under data=journal the folios' buffers are
    /// already in the journal; writeback only checkpoints them.
    /// Leaves out: writeback of folios dirtied while it runs, `-ENOSPC` retries, and I/O
    /// completion timing (the model completes the call's I/Os in order after its last
    /// mapping, in the running transaction).
    public func writepages(_ fs: inout Filesystem, ino: UInt64, request: WritebackRequest, ctx: OperationContext) {
        var inode = fs[ino]
        let firstPage = request.rangeCyclic ? request.writebackIndex : request.rangeStart >> 12
        let lastPage = request.rangeCyclic || request.rangeEnd == .max ? UInt64.max : request.rangeEnd >> 12
        var budget = request.nrToWrite
        let window = firstPage..<(lastPage == .max ? .max : lastPage + 1)
        guard inode.pages.dirty.intersects(window), budget > 0 else { return }
        if fs.options.data == .journal {
            journalledWriteback(&fs, ino: ino, window: window, ctx: ctx)
            return
        }
        let bs = fs.blockSize
        let bpp = fs.blocksPerPage
        let unwritten = fs.options.usesUnwrittenWriteback
        var cursor = firstPage
        var completions: [Range<UInt64>] = []
        while budget > 0, let run = firstRunNeedingMap(fs, inode, from: cursor, window: window) {
            let h = fs.journalStart(.writePage, credits: Credits.writepages(fs.geometry),
                                    reserved: unwritten ? Credits.conversionReserve(fs.geometry, kernel: fs.kernel) : 0,
                                    ino: ino, caller: "ext4_do_writepages", ctx: ctx)
            fs.counters.writebackMapCalls += 1
            let budgetBlocks = budget > UInt64.max / bpp ? UInt64.max : budget * bpp
            let wantBlocks = min(run.upperBound - run.lowerBound, budgetBlocks)
            // mpage_map_one_extent's flags: DELALLOC only when the run starts on a delayed block;
            // 7.3 dropped PRE_IO.
            var flags: MapFlags = [.create, .metadataNoFail, .ioSubmit, .exNoCache]
            if inode.status.delayed.contains(run.lowerBound) { flags.insert(.delalloc) }
            if unwritten { flags.formUnion(fs.kernel >= .linux7_3 ? [.unwritten] : [.unwritten, .preIO]) }
            let runFlags = flags.contains(.delalloc) ? MappedFlags.delayed : MappedFlags.unwritten
            fs.emit("ext4", "ext4_da_write_pages_extent", ctx,
                    [EventField("ino", .uint(ino)), EventField("lblk", .uint(run.lowerBound)), EventField("len", .uint(wantBlocks)),
                     EventField("flags", .string(MappedFlags.text(runFlags)))])
            let m = fs.mapBlocks(ino, run.lowerBound, wantBlocks, flags: flags, ctx: ctx)
            inode = fs[ino]
            guard m.lengthBlocks > 0 else { fs.journalStop(h, ctx: ctx); break }
            if !unwritten, m.isUnwritten {
                // dioread_lock writes into an unwritten extent convert it before the I/O.
                inode.extents.convertToWritten(m.logicalBlock, m.logicalBlock + m.lengthBlocks)
            }
            if m.isUnwritten, !m.isNew, flags.contains(.preIO) {
                splitBeforeIO(&fs, ino: ino, m, handle: h, ctx: ctx)
                inode = fs[ino]
            }
            let mappedEnd = m.logicalBlock + m.lengthBlocks
            // Folios wholly mapped now are submitted, with the mapped folios before them.
            let submitEndPage = mappedEnd / bpp
            let submitted = cursor..<max(cursor, submitEndPage)
            let submittedPages = inode.pages.dirty.ranges(in: submitted).reduce(UInt64(0)) { $0 + ($1.upperBound - $1.lowerBound) }
            budget -= min(budget, submittedPages)
            inode.pages.clean(submitted)
            cursor = max(cursor, submitEndPage)
            let disksize = min(inode.sizeBytes, mappedEnd * bs)
            if disksize > inode.disksizeBytes {
                inode.disksizeBytes = disksize
                fs.handleDirtyMetadata(h, [fs.inodeTableBlock(ino)])
                inode.syncTid = fs.journal.running.tid
                inode.datasyncTid = fs.journal.running.tid
            }
            fs[ino] = inode
            fs.journalStop(h, ctx: ctx)
            if unwritten && m.isUnwritten { completions.append(m.logicalBlock..<mappedEnd) }
            if mappedEnd % bpp != 0 {
                // A folio mapped only in part is found again from its first page: its blocks
                // must read as written by then (the model's page cursor, not the kernel's).
                for range in completions {
                    endIOConversion(&fs, ino: ino, range, reserved: Credits.conversionReserve(fs.geometry, kernel: fs.kernel), ctx: ctx)
                }
                completions.removeAll()
                inode = fs[ino]
            }
        }
        // The I/Os complete after the mapping loop (the kernel's completion workers run once
        // the bios finish: in fixtures/ext4-falloc-overwrite and the 6.18 heldout 40 MiB write
        // every type-11 handle follows the call's last type-2 handle).
        for range in completions {
            endIOConversion(&fs, ino: ino, range, reserved: Credits.conversionReserve(fs.geometry, kernel: fs.kernel), ctx: ctx)
        }
        inode = fs[ino]
        // Everything left in range is mapped: written out with no handle.
        let rest = cursor..<window.upperBound
        inode.pages.clean(rest)
        inode.writebackIndex = request.rangeCyclic ? (inode.pages.dirty.first(atOrAfter: 0) ?? 0) : inode.writebackIndex
        fs[ino] = inode
    }

    /// data=journal writeback: the folios' buffers are in the running transaction, so it is
    /// committed first (`jbd2_journal_force_commit` from the journalled-data writeback), then
    /// one type-2 handle of 1 credit (`mpage_prepare_extent_to_map` →
    /// `mpage_journal_page_buffers`) re-files the folios for checkpoint. Leaves out folios
    /// whose buffers were already committed (no commit is needed for them).
    func journalledWriteback(_ fs: inout Filesystem, ino: UInt64, window: Range<UInt64>, ctx: OperationContext) {
        var inode = fs[ino]
        if inode.journalledPages.intersects(window) {
            fs.commitTransaction(.fsync, at: ctx.timestampNs)
            fs.withJournalHandle(.writePage, credits: 1, ino: ino, caller: "mpage_prepare_extent_to_map", ctx: ctx)
        }
        inode.pages.clean(window)
        inode.journalledPages.remove(window)
        fs[ino] = inode
    }

    /// The first run of contiguous dirty blocks needing a mapping at or after page `from`:
    /// `mpage_prepare_extent_to_map` / `mpage_add_bh_to_extent`, capped at
    /// `MAX_WRITEPAGES_EXTENT_LEN`. Leaves out `nr_to_write` accounting inside the run.
    func firstRunNeedingMap(_ fs: Filesystem, _ inode: Inode, from: UInt64, window: Range<UInt64>) -> Range<UInt64>? {
        let bpp = fs.blocksPerPage
        for pages in inode.pages.dirty.ranges(in: max(from, window.lowerBound)..<window.upperBound) {
            var start: UInt64?
            var lblk = pages.lowerBound * bpp
            let endBlock = pages.upperBound * bpp
            while lblk < endBlock {
                let needs = needsMapping(inode, lblk)
                if let s = start {
                    if !needs || lblk - s >= BufferHeadPath.maxWritepagesExtentBlocks { return s..<lblk }
                } else if needs {
                    start = lblk
                } else if let e = inode.extents.extent(containing: lblk), !e.isUnwritten {
                    lblk = min(endBlock, e.logicalEnd)
                    continue
                } else if lblk * fs.blockSize >= inode.sizeBytes {
                    break
                }
                lblk += 1
            }
            if let s = start { return s..<min(lblk, s + BufferHeadPath.maxWritepagesExtentBlocks) }
        }
        return nil
    }

    /// `mpage_add_bh_to_extent`'s test: delayed or unwritten buffers need `ext4_map_blocks`.
    func needsMapping(_ inode: Inode, _ lblk: UInt64) -> Bool {
        switch inode.status.status(of: lblk, in: inode.extents) {
        case .delayed, .unwritten: return true
        case .written, .hole: return false
        }
    }

    /// Splits an unwritten extent that writeback maps into a part of it so that the I/O's
    /// blocks are an extent of their own, in the writeback handle: the inode (and the leaf, or a
    /// new leaf when the split overflows the inode's four slots) is dirtied here, not at I/O end.
    ///
    /// Mirrors 6.18's `ext4_ext_handle_unwritten_extents` with `EXT4_GET_BLOCKS_PRE_IO` →
    /// `ext4_split_convert_extents` → `ext4_split_extent` (no merge under PRE_IO; the extent is
    /// dirtied even when it needs no split). Leaves out the zero-out fallback on ENOSPC.
    /// fixtures/ext4-falloc-overwrite: the kernel charges the inode and the new leaf's three
    /// blocks to the type-2 handles, not to the type-11 conversions.
    func splitBeforeIO(_ fs: inout Filesystem, ino: UInt64, _ m: BlockMapping, handle h: HandleID, ctx: OperationContext) {
        var inode = fs[ino]
        inode.extents.split(at: m.logicalBlock)
        inode.extents.split(at: m.logicalBlock + m.lengthBlocks)
        fs[ino] = inode
        var dirtied = [fs.inodeTableBlock(ino)] + fs.growTreeIfNeeded(ino, flags: [.metadataNoFail], ctx: ctx)
        if let node = fs[ino].extents.nodeBlocks.last { dirtied.append(.extentNode(node)) }
        fs.handleDirtyMetadata(h, dirtied)
    }

    /// After a conversion merged the extents back into at most four, the leaf is pulled into
    /// the inode and freed, in the conversion handle: it grows by 2 credits and one revoke
    /// block, dirties the bitmap and descriptor, and forgets the leaf (written back in the same
    /// transaction, so its credit returns: `dirtied_blocks -1`).
    ///
    /// Mirrors `ext4_ext_try_to_merge_up` → `ext4_journal_extend(handle, 2, revoke)` and
    /// `ext4_free_blocks(METADATA|FORGET)`. 6.18 heldout ext4-seq-write-40m-1m: five unwritten
    /// 8 MiB extents (PRE_IO leaves them apart) grow a leaf at writeback; the second conversion
    /// merges them to one and frees it (reusable after the commit).
    func mergeUp(_ fs: inout Filesystem, ino: UInt64, handle h: HandleID, ctx: OperationContext) {
        var inode = fs[ino]
        guard let leaf = inode.extents.shrinkDepthIfFits() else { return }
        fs[ino] = inode
        fs.journal.extend(h, by: 2 + Journal.revokeRecordBlocks)
        fs.freeBlocksAfterCommit(leaf..<leaf + fs.geometry.clusterRatio, metadata: true)
        fs.handleDirtyMetadata(h, fs.allocationMetadata(leaf))
        fs.journal.forget(h, .extentNode(leaf))
    }

    /// Converts the unwritten blocks an I/O wrote, in the reserved handle
    /// (`ext4_convert_unwritten_io_end_vec` → `ext4_convert_unwritten_extents`).
    func endIOConversion(_ fs: inout Filesystem, ino: UInt64, _ range: Range<UInt64>, reserved: Int, ctx: OperationContext) {
        var inode = fs[ino]
        fs.counters.mapBlocksCalls += 1
        fs.emitConversion(ino, range, ctx: ctx)
        fs.counters.unwrittenConversions += inode.extents.convertToWritten(range.lowerBound, range.upperBound)
        fs[ino] = inode
        // The conversion's tree block is allocated with METADATA_NOFAIL (ext4_map_blocks adds it).
        var dirtied = [fs.inodeTableBlock(ino)] + fs.growTreeIfNeeded(ino, flags: [.metadataNoFail], ctx: ctx)
        inode = fs[ino]
        if let node = inode.extents.nodeBlocks.last { dirtied.append(.extentNode(node)) }
        inode.syncTid = fs.journal.running.tid
        inode.datasyncTid = fs.journal.running.tid
        fs[ino] = inode
        let h = fs.journalStartReserved(.extConvert, credits: reserved, caller: "ext4_convert_unwritten_io_end_vec", ctx: ctx)
        fs.handleDirtyMetadata(h, dirtied)
        mergeUp(&fs, ino: ino, handle: h, ctx: ctx)
        fs.journalStop(h, ctx: ctx)
    }
}
