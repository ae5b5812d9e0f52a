extension TraceDatReader {
    /// Counts events by name without merging the CPUs by time or building `TraceEvent`s: each
    /// CPU's stream is read to its end in turn, and counts do not depend on the order. The
    /// time span is the earliest first and the latest last record over all CPUs.
    public func summarize(progress: (Int) -> Void) throws(TraceError) -> TraceSummary {
        var s = TraceSummary(format: .traceDat)
        s.timestampDigits = 9
        var first = UInt64.max
        var last: UInt64 = 0
        var records = 0
        for i in merger.cursors.indices {
            var any = false
            while advanceCursor(i) {
                let c = merger.cursors[i]
                guard let (d, _) = identify(c) else { continue }
                d.count += 1
                records += 1
                if !any { any = true; first = min(first, c.timestampNs) }
                last = max(last, c.timestampNs)
                if records & 0xFFFF == 0 { progress(self.progress.done) }
            }
            if any { s.cpusSeen.insert(merger.cursors[i].cpu) }
        }
        for d in descriptors.compactMap({ $0 }) where d.count > 0 {
            s.countsByName[d.name, default: 0] += d.count
        }
        s.events = records
        if records > 0 { s.firstTimestampNs = first; s.lastTimestampNs = last }
        s.diagnostics = diagnostics
        if let e = pendingError { pendingError = nil; throw e }
        return s
    }
}
