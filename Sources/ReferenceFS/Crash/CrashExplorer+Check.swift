import TraceParser

/// An inode as recovery would find it: its extents and `i_disksize`.
struct RecoveredInode {
    var extents: [Extent]
    var disksizeBytes: UInt64
}

extension CrashExplorer {
    /// The inode as the last commit recorded it, without the completion work of writes
    /// submitted before that commit and not completed before it (still in flight, or completed
    /// since: their completion work joined the running transaction): their unwritten conversion
    /// (or delay-map's extent insertion) and, where the path moves it at completion, `i_disksize`.
    func recovered(_ ino: UInt64) -> RecoveredInode? {
        guard let c = committed.inodes[ino] else { return nil }
        var r = RecoveredInode(extents: c.extents.extents, disksizeBytes: c.disksizeBytes)
        for w in inFlight + completedSinceCommit where w.ino == ino && w.submitNs <= committed.timestampNs {
            if config.disksizeAtCompletion { r.disksizeBytes = min(r.disksizeBytes, w.disksizeBefore) }
            switch config.endIO {
            case .none: break
            case .convertUnwritten:
                var blocks = w.allocated
                for b in w.wereUnwritten.ranges { blocks.insert(b) }
                if !blocks.isEmpty { r.extents = Self.reshaped(r.extents, blocks, remove: false) }
            case .insertExtent:
                if !w.allocated.isEmpty { r.extents = Self.reshaped(r.extents, w.allocated, remove: true) }
                if !w.wereUnwritten.isEmpty { r.extents = Self.reshaped(r.extents, w.wereUnwritten, remove: false) }
            }
        }
        return r
    }

    /// `extents` with the blocks of `ranges` made unwritten, or removed.
    static func reshaped(_ extents: [Extent], _ ranges: BlockRanges, remove: Bool) -> [Extent] {
        var out: [Extent] = []
        out.reserveCapacity(extents.count + 2)
        for e in extents {
            let inside = ranges.ranges(in: UInt64(e.logicalBlock)..<e.logicalEnd)
            guard !inside.isEmpty else { out.append(e); continue }
            var cursor = UInt64(e.logicalBlock)
            for r in inside {
                if cursor < r.lowerBound, let part = e.clipped(cursor, r.lowerBound) { out.append(part) }
                if !remove, var part = e.clipped(r.lowerBound, r.upperBound) { part.isUnwritten = true; out.append(part) }
                cursor = r.upperBound
            }
            if cursor < e.logicalEnd, let part = e.clipped(cursor, e.logicalEnd) { out.append(part) }
        }
        return out
    }

    /// Checks one file at one crash point, in both views.
    mutating func check(ino: UInt64, point: CrashPoint) {
        guard let f = files[ino], !f.written.isEmpty, let r = recovered(ino) else { return }
        for pessimistic in [false, true] {
            let durable = pessimistic ? f.flushed : f.completed
            let found = verdicts(r, f, durable: durable)
            for (kind, blocks) in found where !blocks.isEmpty {
                if pessimistic { pessimisticCounts[kind, default: 0] += 1; continue }
                counts[kind, default: 0] += 1
                record(CrashViolation(kind: kind, ino: ino, blocks: blocks.ranges, point: pointCount,
                                      location: point.location,
                                      explanation: explain(kind, ino: ino, blocks: blocks, r, f)), at: point.timestampNs)
            }
        }
    }

    /// The blocks of each kind at this state: stale (inside the size, mapped written, this
    /// file's data not durable), size past data (inside the size, written by the file, a hole
    /// or unwritten), lost fsync (promised blocks not mapped written with durable data, or all
    /// of them past a recovered size below the promised one).
    func verdicts(_ r: RecoveredInode, _ f: FileDurability, durable: BlockRanges) -> [(CrashViolation.Kind, BlockRanges)] {
        let bs = blockSize
        let sizeBlocks = (r.disksizeBytes + bs - 1) / bs
        var stale = BlockRanges(), zeros = BlockRanges(), good = BlockRanges()
        for e in r.extents {
            if e.isUnwritten { continue }
            var cursor = e.physicalBlock
            for d in durable.ranges(in: e.physicalBlock..<e.physicalEnd) {
                if cursor < d.lowerBound { stale.insert(logical(e, cursor..<d.lowerBound)) }
                good.insert(logical(e, d))
                cursor = d.upperBound
            }
            if cursor < e.physicalEnd { stale.insert(logical(e, cursor..<e.physicalEnd)) }
        }
        // Only blocks this file wrote can be stale (others hold what ext4 itself wrote).
        var staleInSize = BlockRanges()
        for w in f.written.ranges(in: 0..<sizeBlocks) {
            for s in stale.ranges(in: w) { staleInSize.insert(s) }
            var cursor = w.lowerBound
            for m in Self.mappedWritten(r.extents, w) {
                if cursor < m.lowerBound { zeros.insert(cursor..<m.lowerBound) }
                cursor = m.upperBound
            }
            if cursor < w.upperBound { zeros.insert(cursor..<w.upperBound) }
        }
        var lost = BlockRanges()
        if let p = f.promise {
            for b in p.blocks.ranges {
                var cursor = b.lowerBound
                for g in good.ranges(in: b) {
                    if cursor < g.lowerBound { lost.insert(cursor..<g.lowerBound) }
                    cursor = g.upperBound
                }
                if cursor < b.upperBound { lost.insert(cursor..<b.upperBound) }
            }
            if r.disksizeBytes < p.sizeBytes, lost.isEmpty {
                lost.insert(sizeBlocks..<max(sizeBlocks + 1, (p.sizeBytes + bs - 1) / bs))
            }
        }
        return [(.staleData, staleInSize), (.lostFsync, lost), (.sizePastData, zeros)]
    }

    /// The logical blocks of `physical` inside extent `e`.
    func logical(_ e: Extent, _ physical: Range<UInt64>) -> Range<UInt64> {
        let lo = UInt64(e.logicalBlock) + (physical.lowerBound - e.physicalBlock)
        return lo..<lo + UInt64(physical.count)
    }

    /// The logical ranges of written extents inside `window`, in order.
    static func mappedWritten(_ extents: [Extent], _ window: Range<UInt64>) -> [Range<UInt64>] {
        var out: [Range<UInt64>] = []
        var lo = 0, hi = extents.count
        while lo < hi { let mid = (lo + hi) / 2; if extents[mid].logicalEnd <= window.lowerBound { lo = mid + 1 } else { hi = mid } }
        var i = lo
        while i < extents.count, UInt64(extents[i].logicalBlock) < window.upperBound {
            let e = extents[i]
            if !e.isUnwritten { out.append(max(UInt64(e.logicalBlock), window.lowerBound)..<min(e.logicalEnd, window.upperBound)) }
            i += 1
        }
        return out
    }

    mutating func record(_ v: CrashViolation, at ns: UInt64) {
        let key = "\(v.kind.rawValue) \(v.ino) \(v.blocksText)"
        if let i = findingIndex[key] {
            findings[i].points += 1
            findings[i].lastNs = ns
        } else {
            findingIndex[key] = findings.count
            findings.append(CrashFinding(first: v, points: 1, firstNs: ns, lastNs: ns))
        }
        if violations.count < violationLimit { violations.append(v) }
    }
}
