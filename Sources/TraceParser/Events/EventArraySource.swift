/// Events already in memory, read as a `TraceEventSource`: what a model emits
/// (`Filesystem.emit`) goes to the analyzer through this, with no text round trip.
public final class EventArraySource: TraceEventSource {
    public let events: [TraceEvent]
    private var index = 0
    public let inputFormat: InputFormat
    public var diagnostics = TraceDiagnostics()

    /// `inputFormat`: what the events stand for (a model's events are ftrace events).
    public init(_ events: [TraceEvent], inputFormat: InputFormat = .ftrace, cpus: Int? = nil) {
        self.events = events
        self.inputFormat = inputFormat
        diagnostics.cpus = cpus
    }

    public var progress: (done: Int, total: Int?) { (index, events.count) }

    public func next() throws(TraceError) -> TraceEvent? {
        guard index < events.count else { return nil }
        defer { index += 1 }
        return events[index]
    }
}
