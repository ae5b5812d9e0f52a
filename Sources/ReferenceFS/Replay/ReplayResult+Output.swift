import TraceParser

extension ReplayResult {
    /// The `replay --format json` document.
    public func writeJSON(to w: inout JSONWriter) {
        w.objectStart()
        w.key("model"); w.string(model)
        w.key("inodes"); w.arrayStart()
        for i in inodes {
            w.objectStart()
            w.key("dev"); w.string(i.device)
            w.key("ino"); w.int(i.ino)
            w.key("size"); w.int(i.sizeBytes)
            w.key("disksize"); w.int(i.disksizeBytes)
            w.key("extents"); w.arrayStart()
            for e in i.extents {
                w.objectStart()
                w.key("lblk"); w.int(e.logicalBlock)
                w.key("len"); w.int(e.lengthBlocks)
                w.key("pblk"); w.int(e.physicalBlock)
                w.key("unwritten"); w.bool(e.isUnwritten)
                w.objectEnd()
            }
            w.arrayEnd()
            w.objectEnd()
        }
        w.arrayEnd()
        w.key("journal"); w.objectStart()
        w.key("handles"); w.int(handles)
        w.key("handles_by_type"); w.objectStart()
        for (t, n) in handlesByType.sorted(by: { $0.key < $1.key }) { w.key(String(t.rawValue)); w.int(n) }
        w.objectEnd()
        w.key("credits_requested"); w.int(creditsRequested)
        w.key("commits"); w.int(commits)
        w.key("blocks_logged"); w.int(blocksLogged)
        w.objectEnd()
        w.key("mapping"); w.objectStart()
        w.key("map_blocks_calls"); w.int(counters.mapBlocksCalls)
        w.key("es_lookups"); w.int(counters.esLookups)
        w.key("iomap_begin_calls"); w.int(counters.iomapBeginCalls)
        w.key("writeback_map_calls"); w.int(counters.writebackMapCalls)
        w.key("unwritten_conversions"); w.int(counters.unwrittenConversions)
        w.key("allocations"); w.int(counters.allocations)
        w.objectEnd()
        w.key("ops"); w.int(operations)
        w.objectEnd()
    }

    /// The `replay --format text` report.
    public var text: String {
        var out = "model \(model): \(operations) operations\n"
        for i in inodes {
            out += "inode \(i.ino) (dev \(i.device)): size \(i.sizeBytes) disksize \(i.disksizeBytes), \(i.extents.count) extents\n"
            for e in i.extents {
                out += "  lblk \(e.logicalBlock)+\(e.lengthBlocks) → pblk \(e.physicalBlock)\(e.isUnwritten ? " unwritten" : "")\n"
            }
        }
        let types = handlesByType.sorted { $0.key < $1.key }.map { "type \($0.key.rawValue): \($0.value)" }.joined(separator: ", ")
        out += "journal: \(handles) handles (\(types)), \(creditsRequested) credits requested, \(commits) commits, \(blocksLogged) blocks logged\n"
        out += "mapping: \(counters.mapBlocksCalls) map_blocks calls, \(counters.esLookups) es lookups, "
        if counters.iomapBeginCalls > 0 { out += "\(counters.iomapBeginCalls) iomap_begin calls, " }
        out += "\(counters.writebackMapCalls) writeback map calls, \(counters.unwrittenConversions) unwritten conversions, \(counters.allocations) allocations\n"
        return out
    }
}
