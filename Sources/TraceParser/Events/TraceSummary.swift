/// What `stats` reports: events counted by name, the CPUs seen, the time span. Built in one
/// pass by `TraceEventSource.summarize`, which a reader may implement without decoding fields.
public struct TraceSummary: Sendable {
    public var format: InputFormat
    public var events = 0
    public var countsByName: [String: Int] = [:]
    /// CPUs that recorded at least one event.
    public var cpusSeen: Set<Int> = []
    public var firstTimestampNs: UInt64?
    public var lastTimestampNs: UInt64?
    /// Fractional digits the input printed timestamps with.
    public var timestampDigits: UInt8 = 6
    public var diagnostics = TraceDiagnostics()

    public init(format: InputFormat) { self.format = format }

    /// The CPU count the input states, else one more than the highest CPU seen.
    public var cpus: Int { diagnostics.cpus ?? (cpusSeen.max().map { $0 + 1 } ?? 0) }
}

extension TraceEventSource {
    /// Reads the rest of the input and summarises it. `progress` is called now and then with
    /// the bytes read so far.
    public func summarize(progress: (Int) -> Void) throws(TraceError) -> TraceSummary {
        var s = TraceSummary(format: inputFormat)
        var cpuSeen = [Bool](repeating: false, count: 4096)
        while let e = try next() {
            s.events += 1
            s.countsByName[e.name, default: 0] += 1
            if e.cpu >= 0 && e.cpu < cpuSeen.count { cpuSeen[e.cpu] = true } else { s.cpusSeen.insert(e.cpu) }
            if s.firstTimestampNs == nil { s.firstTimestampNs = e.timestampNs; s.timestampDigits = e.timestampDigits }
            s.lastTimestampNs = e.timestampNs
            if s.events & 0xFFFF == 0 { progress(self.progress.done) }
        }
        for (cpu, seen) in cpuSeen.enumerated() where seen { s.cpusSeen.insert(cpu) }
        s.diagnostics = diagnostics
        return s
    }
}
