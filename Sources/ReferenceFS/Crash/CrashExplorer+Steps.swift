import TraceParser

extension CrashExplorer {
    /// What an event did to one inode that durability depends on: blocks freed, the size cut,
    /// a writeback pass submitted, an O_DIRECT write done, an fsync returned.
    mutating func noteChanges(ino: UInt64, before: Inode, event e: TraceEvent) {
        guard let after = replayer.fs.inodes[ino] else { return }
        let bs = blockSize
        if before.extents.extents != after.extents.extents {
            forgetFreed(ino: ino, before: before, after: after)
            if e.name != "ext4_writepages" && e.name != "iomap_dio_complete" { forgetRemovedData(ino: ino, before: before, after: after) }
        }
        if after.sizeBytes < before.sizeBytes {
            let keep = (after.sizeBytes + bs - 1) / bs
            files[ino, default: FileDurability()].written.remove(keep..<UInt64.max)
            if var p = files[ino]?.promise, p.sizeBytes > after.sizeBytes {
                p.sizeBytes = after.sizeBytes
                p.blocks.remove(keep..<UInt64.max)
                files[ino]?.promise = p
            }
        }
        switch e.name {
        case "ext4_sync_file_enter":
            // file_write_and_wait_range waits for pages already under writeback too.
            for i in inFlight.indices where inFlight[i].ino == ino && inFlight[i].waiter == nil { inFlight[i].waiter = e.pid }
        case "ext4_writepages":
            submitWriteback(ino: ino, before: before, after: after, syncAll: e["sync_mode"]?.uint == 1, event: e)
        case "iomap_dio_rw_begin":
            let pos = e["pos"]?.uint ?? 0, count = e["count"]?.uint ?? 0
            if count > 0 { pendingDirect[ino] = pos / bs..<(pos + count + bs - 1) / bs }
        case "iomap_dio_complete":
            guard let blocks = pendingDirect.removeValue(forKey: ino) else { break }
            var w = DataWrite(ino: ino, mapped: after.extents.mapped(blocks.lowerBound, blocks.upperBound),
                              allocated: BlockRanges(), wereUnwritten: BlockRanges(), disksizeBefore: after.disksizeBytes, submitNs: e.timestampNs,
                              completeNs: e.timestampNs, submitLocation: e.position, waiter: nil)
            w.mapped = w.mapped.filter { !$0.isUnwritten }
            files[ino, default: FileDurability()].written.insert(blocks)
            complete(w)
        case "ext4_sync_file_exit":
            let size = after.sizeBytes
            var blocks = files[ino]?.written ?? BlockRanges()
            blocks.remove((size + bs - 1) / bs..<UInt64.max)
            files[ino, default: FileDurability()].promise = FsyncPromise(sizeBytes: size, blocks: blocks, location: e.position)
        default: break
        }
    }

    /// Physical blocks that left the inode's extent tree stop being this file's durable data
    /// once the transaction freeing them commits (`ext4_free_blocks` with
    /// `EXT4_FREE_BLOCKS_METADATA`-less data blocks: mballoc does not reuse them before the
    /// commit, `ext4_free_data_in_buddy`); until then the committed tree still maps them.
    mutating func forgetFreed(ino: UInt64, before: Inode, after: Inode) {
        guard files[ino] != nil else { return }
        var freed = BlockRanges()
        for e in before.extents.extents { freed.insert(e.physicalBlock..<e.physicalEnd) }
        for e in after.extents.extents { freed.remove(e.physicalBlock..<e.physicalEnd) }
        for r in freed.ranges { pendingFrees[ino, default: BlockRanges()].insert(r) }
    }

    /// Logical blocks whose written mapping a truncate, punch or zero range removed (or made
    /// unwritten) no longer hold data the file wrote, nor data an fsync promised: they read as
    /// zeros on purpose.
    mutating func forgetRemovedData(ino: UInt64, before: Inode, after: Inode) {
        guard var f = files[ino] else { return }
        var gone = BlockRanges()
        for e in before.extents.extents where !e.isUnwritten { gone.insert(UInt64(e.logicalBlock)..<e.logicalEnd) }
        for e in after.extents.extents where !e.isUnwritten { gone.remove(UInt64(e.logicalBlock)..<e.logicalEnd) }
        guard !gone.isEmpty else { return }
        for r in gone.ranges { f.written.remove(r); f.promise?.blocks.remove(r) }
        files[ino] = f
    }

    /// The blocks one `ext4_writepages` request cleaned: a data write in flight from now.
    mutating func submitWriteback(ino: UInt64, before: Inode, after: Inode, syncAll: Bool, event e: TraceEvent) {
        var pages = before.pages.dirty
        for r in after.pages.dirty.ranges { pages.remove(r) }
        guard !pages.isEmpty else { return }
        let bs = blockSize, bpp = replayer.fs.blocksPerPage
        let sizeBlocks = (after.sizeBytes + bs - 1) / bs
        var mapped: [Extent] = []
        var allocated = BlockRanges(), wereUnwritten = BlockRanges()
        var blocks = BlockRanges()
        for p in pages.ranges {
            let lo = p.lowerBound * bpp, hi = min(p.upperBound * bpp, sizeBlocks)
            guard lo < hi else { continue }
            blocks.insert(lo..<hi)
            for m in after.extents.mapped(lo, hi) {
                mapped.append(m)
                allocated.insert(UInt64(m.logicalBlock)..<m.logicalEnd)
                for old in before.extents.mapped(UInt64(m.logicalBlock), m.logicalEnd) {
                    allocated.remove(UInt64(old.logicalBlock)..<old.logicalEnd)
                    if old.isUnwritten { wereUnwritten.insert(UInt64(old.logicalBlock)..<old.logicalEnd) }
                }
            }
        }
        guard !mapped.isEmpty else { return }
        // Blocks freed in the running transaction and allocated again (the model's mballoc
        // reuses them at once) hold this write's data, not the freed data.
        if pendingFrees[ino] != nil { for m in mapped { pendingFrees[ino]?.remove(m.physicalBlock..<m.physicalEnd) } }
        for r in blocks.ranges { files[ino, default: FileDurability()].written.insert(r) }
        let waiter = syncAll ? e.pid : nil
        if let waiter {
            for i in inFlight.indices where inFlight[i].ino == ino && inFlight[i].waiter == nil { inFlight[i].waiter = waiter }
        }
        let w = DataWrite(ino: ino, mapped: mapped, allocated: allocated, wereUnwritten: wereUnwritten,
                          disksizeBefore: before.disksizeBytes, submitNs: e.timestampNs,
                          completeNs: e.timestampNs + latencyNs, submitLocation: e.position, waiter: waiter)
        // data=journal: the data went to the journal with its transaction; writeback is the
        // checkpoint of blocks already recoverable.
        if replayer.fs.options.data == .journal { return complete(w, journalled: true) }
        inFlight.append(w)
    }

    /// Completes, in time order, every write in flight due by `t`: each is a crash point.
    mutating func completeWrites(upTo t: UInt64) {
        while true {
            var next: Int? = nil
            for i in inFlight.indices where inFlight[i].completeNs <= t {
                if next == nil || inFlight[i].completeNs < inFlight[next!].completeNs { next = i }
            }
            guard let i = next else { return }
            complete(inFlight.remove(at: i))
        }
    }

    /// A data write completes: its blocks hold this file's data (optimistic view).
    mutating func complete(_ w: DataWrite, journalled: Bool = false) {
        var f = files[w.ino, default: FileDurability()]
        for m in w.mapped {
            f.completed.insert(m.physicalBlock..<m.physicalEnd)
            if journalled { f.flushed.insert(m.physicalBlock..<m.physicalEnd) }
        }
        files[w.ino] = f
        if !journalled { completedSinceCommit.append(w) }
        let point = CrashPoint(kind: .dataCompletion, timestampNs: w.completeNs, location: location, detail: w.ino)
        takePoint(point, inodes: [w.ino])
    }

    /// Commits the model made during the last step: ordered data first, then the commit record
    /// (its preflush makes every completed write durable in the pessimistic view too).
    mutating func drainCommits() {
        guard let states = replayer.fs.committedStates, !states.isEmpty else { return }
        replayer.fs.committedStates = []
        for s in states {
            if config.ordersData && config.endIO == .none {
                while let i = inFlight.firstIndex(where: { !$0.allocated.isEmpty }) {
                    var w = inFlight.remove(at: i)
                    w.completeNs = min(w.completeNs, s.timestampNs)
                    complete(w)
                }
            }
            committed = s
            committedLocation = location
            completedSinceCommit = []
            for (ino, freed) in pendingFrees {
                guard var f = files[ino] else { continue }
                for r in freed.ranges { f.completed.remove(r); f.flushed.remove(r) }
                files[ino] = f
            }
            pendingFrees = [:]
            commits.append((s.tid, s.timestampNs))
            for k in Array(files.keys) {
                if var f = files[k] { f.flushed = f.completed; files[k] = f }
            }
            let inodes = Set(s.inodes.keys).union(files.keys).sorted()
            takePoint(CrashPoint(kind: .commit, timestampNs: s.timestampNs, location: location, detail: s.tid), inodes: inodes)
        }
    }

    mutating func takePoint(_ point: CrashPoint, inodes: [UInt64]) {
        if keepsPoints { points.append(point) }
        for ino in inodes { check(ino: ino, point: point) }
        pointCount += 1
    }
}
