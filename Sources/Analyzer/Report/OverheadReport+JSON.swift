import TraceParser

extension OverheadReport {
    /// The report as one JSON object:
    /// `{"source", "events", "span_s", "syscalls": {...}, "total": {metrics, write_sizes,
    /// read_sizes}, "inodes": [{"ino", metrics, ...}], "journal": {...}, "block_io": {...},
    /// "latency": {"NAME": {"count", "p50_ns", "p90_ns", "p99_ns", "max_ns", "histogram":
    /// [[lower_ns, count], ...]}}, "commits": [{"ts", "tid", "blocks_logged", ...}]}`.
    /// Metric values are numbers, or null where undefined.
    public func json() -> String {
        var w = JSONWriter()
        w.objectStart()
        w.key("source"); w.string(source)
        w.key("events"); w.int(events)
        if let a = firstTimestampNs, let b = lastTimestampNs, b >= a { w.key("span_s"); w.double(Double(b - a) / 1e9, digits: 9) }
        w.key("syscalls"); w.objectStart()
        for (k, v) in syscalls.sorted(by: { $0.key < $1.key }) { w.key(k.rawValue); w.int(v) }
        w.objectEnd()
        w.key("unattributed_syscalls"); w.int(unattributedSyscalls)
        w.key("total"); writeInode(total, to: &w)
        w.key("inodes"); w.arrayStart()
        for i in inodes { writeInode(i, to: &w) }
        w.arrayEnd()
        w.key("global"); writeMetrics(globalMetrics, to: &w)
        w.key("journal_area"); w.string(blockIO.journalArea)
        w.key("latency"); w.objectStart()
        for name in latencyNames {
            guard let d = latencies[name] else { continue }
            w.key(name); OverheadReport.writeDistribution(d, to: &w)
        }
        w.objectEnd()
        w.key("commit_phases_ms"); w.objectStart()
        for phase in CommitRecord.phaseNames {
            guard let d = commitPhasesMs[phase] else { continue }
            w.key(phase); OverheadReport.writeDistribution(d, to: &w)
        }
        w.objectEnd()
        w.key("tasks"); w.arrayStart()
        for t in tasks {
            w.objectStart(); w.key("pid"); w.int(t.pid); w.key("comm"); w.string(t.comm); w.key("events"); w.int(t.events); w.objectEnd()
        }
        w.arrayEnd()
        w.key("commits"); w.arrayStart()
        for c in commits {
            w.objectStart()
            w.key("ts_ns"); w.int(c.timestampNs)
            w.key("tid"); w.int(c.tid)
            w.key("handle_count"); w.int(c.handleCount)
            w.key("blocks"); w.int(c.blocks)
            w.key("blocks_logged"); w.int(c.blocksLogged)
            w.objectEnd()
        }
        w.arrayEnd()
        w.objectEnd()
        return String(decoding: w.bytes, as: UTF8.self)
    }

    func writeInode(_ i: InodeReport, to w: inout JSONWriter) {
        w.objectStart()
        if let ino = i.ino { w.key("ino"); w.int(ino) }
        w.key("metrics"); writeMetrics(metrics(of: i), to: &w)
        w.key("write_sizes"); OverheadReport.writeSizes(i.writes, to: &w)
        w.key("read_sizes"); OverheadReport.writeSizes(i.reads, to: &w)
        w.objectEnd()
    }

    func writeMetrics(_ metrics: [Metric], to w: inout JSONWriter) {
        w.objectStart()
        for m in metrics {
            w.key(m.key)
            if let v = m.value { w.double(v, digits: 6) } else { w.null() }
        }
        w.objectEnd()
    }

    static func writeSizes(_ s: IOSizes, to w: inout JSONWriter) {
        w.objectStart()
        for (size, n) in s.bySize.sorted(by: { $0.key < $1.key }) { w.key(String(size)); w.int(n) }
        w.objectEnd()
    }

    static func writeDistribution(_ d: Distribution, to w: inout JSONWriter) {
        w.objectStart()
        w.key("count"); w.int(d.count)
        w.key("min"); w.int(d.count == 0 ? 0 : d.min)
        w.key("p50"); w.int(d.percentile(50))
        w.key("p90"); w.int(d.percentile(90))
        w.key("p99"); w.int(d.percentile(99))
        w.key("max"); w.int(d.max)
        w.key("mean"); w.double(d.mean, digits: 3)
        w.key("histogram"); w.arrayStart()
        for b in d.histogram() { w.arrayStart(); w.int(b.lowerBound); w.int(b.count); w.arrayEnd() }
        w.arrayEnd()
        w.objectEnd()
    }
}
