extension TextTraceReader {
    /// Counts events by name without decoding fields or building `TraceEvent`s: the header and
    /// the event name are all `stats` needs from a line.
    public func summarize(progress: (Int) -> Void) throws(TraceError) -> TraceSummary {
        var s = TraceSummary(format: inputFormat)
        var counts: [Int] = []
        var cpuSeen = [Bool](repeating: false, count: 4096)
        var first: UInt64? = nil
        var last: UInt64 = 0
        var digits: UInt8 = 6
        // The name table as a local for the loop (see `lexEventName(_:from:names:)`).
        var names = NameTable(capacity: 0)
        swap(&names, &self.names)
        defer { swap(&names, &self.names) }
        var header = LineHeader()
        while let line = try lines.next() {
            guard case .text(let b, let number) = line else {
                if case .overlong(let number, let bytes) = line {
                    diagnostics.noteUnparsed(.line(number), "line of \(bytes) bytes is longer than the 1 MiB limit")
                }
                continue
            }
            guard let f = b.first else { continue }
            if f == 0x23 { noteHeaderComment(b); continue }
            if f != 0x20, noteSpecialLine(b, number: number) { continue }
            guard LineHeader.lex(b, allowInstance: inputFormat == .traceCmd, into: &header) else {
                if !ByteScan.isBlank(b, from: 0) {
                    diagnostics.noteUnparsed(.line(number), "no task-pid, [cpu] and timestamp")
                }
                continue
            }
            guard let (index, _) = lexEventName(b, from: header.bodyStart, names: &names) else {
                diagnostics.noteUnparsed(.line(number), "no event name after the timestamp")
                continue
            }
            if index >= counts.count { counts.append(contentsOf: repeatElement(0, count: index + 1 - counts.count)) }
            counts[index] += 1
            s.events += 1
            if header.cpu >= 0 && header.cpu < cpuSeen.count { cpuSeen[header.cpu] = true } else { s.cpusSeen.insert(header.cpu) }
            if first == nil { first = header.timestampNs; digits = header.timestampDigits }
            last = header.timestampNs
            if s.events & 0xFFFF == 0 { progress(lines.bytesConsumed) }
        }
        for (i, c) in counts.enumerated() where c > 0 { s.countsByName[descriptors[i].name, default: 0] += c }
        for (cpu, seen) in cpuSeen.enumerated() where seen { s.cpusSeen.insert(cpu) }
        s.firstTimestampNs = first
        s.lastTimestampNs = first == nil ? nil : last
        s.timestampDigits = digits
        s.diagnostics = diagnostics
        return s
    }
}
