import TraceParser

extension CrashExplorer {
    /// The causal chain of a violation in kernel terms: which commit made the metadata
    /// durable, and where the data write stands.
    func explain(_ kind: CrashViolation.Kind, ino: UInt64, blocks: BlockRanges, _ r: RecoveredInode,
                 _ f: FileDurability) -> String {
        let commit = "transaction \(committed.tid) committed at \(committedLocation.description.isEmpty ? "the start" : committedLocation.description)"
        let size = "recovered i_disksize \(r.disksizeBytes)"
        switch kind {
        case .staleData:
            let extents = r.extents.compactMap { e -> String? in
                guard !e.isUnwritten, blocks.intersects(UInt64(e.logicalBlock)..<e.logicalEnd) else { return nil }
                return "extent \(e.logicalBlock)+\(e.lengthBlocks) (physical \(e.physicalBlock))"
            }.prefix(3).joined(separator: ", ")
            return "\(extents) committed written in \(commit) (\(size)); \(dataState(ino, blocks)): the blocks read their previous content"
        case .sizePastData:
            let holes = blocks.ranges.contains { b in !r.extents.contains { $0.isUnwritten && $0.contains(b.lowerBound) } }
            let why = holes ? "a hole or unwritten extent" : "unwritten extents (their conversion at I/O completion not committed yet)"
            return "\(size) in \(commit) covers blocks this file wrote that recover as \(why); \(dataState(ino, blocks)): they read as zeros"
        case .lostFsync:
            guard let p = f.promise else { return "" }
            return "fsync returned at \(p.location) with i_size \(p.sizeBytes); \(size) in \(commit); \(dataState(ino, blocks))"
        }
    }

    /// Where the data write to the first of `blocks` stands: in flight (submitted where, due
    /// when) or never submitted.
    func dataState(_ ino: UInt64, _ blocks: BlockRanges) -> String {
        guard let first = blocks.ranges.first?.lowerBound else { return "" }
        if let w = inFlight.first(where: { $0.ino == ino && $0.mapped.contains { $0.contains(first) } }) {
            let us = (w.completeNs &- committed.timestampNs) / 1000
            return "the data write (ext4_writepages at \(w.submitLocation), blocks \(w.blocksText)) completes \(us) µs after the commit"
        }
        return "no data write to block \(first) completed before this point"
    }
}
