/// The input formats ext4trace reads.
public enum InputFormat: String, Sendable, CaseIterable {
    /// The kernel's own `trace` / `trace_pipe` text.
    case ftrace
    /// `trace-cmd report` output.
    case traceCmd = "trace-cmd"
    /// `perf script` output.
    case perf
    /// Binary trace.dat (trace-cmd record/extract), version 6 or 7.
    case traceDat = "trace.dat"
}

/// What a read noticed besides events: lost events, lines that were not events, the CPU count.
public struct TraceDiagnostics: Sendable {
    /// Events the kernel dropped, summed over `CPU:N [LOST M EVENTS]` markers (and trace.dat's
    /// missed-events counts).
    public var lostEvents = 0
    /// How many markers reported lost events (a marker may not say how many).
    public var lostEventMarkers = 0
    /// Lines (or records) that could not be read as events.
    public var unparsedLines = 0
    /// The first unparsed lines with the reason, for `--verbose` (at most `maxListed`).
    public var unparsed: [(location: SourceLocation, reason: String)] = []
    /// Events whose body did not fit their print format and were read as generic fields.
    public var genericFallbacks = 0
    /// The CPU count the input states (`cpus=N`, `#P:N`, trace.dat header).
    public var cpus: Int?

    public static let maxListed = 1000

    public init() {}

    mutating func noteUnparsed(_ location: SourceLocation, _ reason: String) {
        unparsedLines += 1
        if unparsed.count < TraceDiagnostics.maxListed { unparsed.append((location, reason)) }
    }
}

/// Options every reader takes.
public struct TraceReadOptions: Sendable {
    /// The event formats to decode fields with.
    public var formats: FormatRegistry
    /// Decode each event's fields. `stats` turns this off and only counts.
    public var decodeFields: Bool
    /// With `decodeFields`, decode only the fields of the events this accepts, given their
    /// system and name (nil: of every event); the others come with empty `fields`. `replay`
    /// asks only for the events the model reads.
    public var decodeFieldsOf: (@Sendable (_ system: String, _ name: String) -> Bool)? = nil
    /// Of the events decoded, the fields to decode, given their system and name (nil from it,
    /// or no function: every field); the others are left out of `fields`. `report` asks for
    /// `dev` and `ino` only of the events its trackers count but do not read. Honoured by the
    /// trace.dat reader (the text reader splits every field of a line in one pass anyway).
    public var decodeOnlyFieldsOf: (@Sendable (_ system: String, _ name: String) -> Set<String>?)? = nil
    /// Force an input format instead of detecting it.
    public var inputFormat: InputFormat?
    /// An ELF image to symbolise `%pS` addresses from when a trace.dat has no kallsyms.
    public var vmlinuxPath: String?
    /// Fill `TraceEvent.printedBody` with the event printed through its print format, as
    /// `trace-cmd report` prints it (trace.dat input only).
    public var renderBodies: Bool
    /// Overlay `formats` with the `formats/` directory beside a text capture, as `record`
    /// saves it (see `CaptureFormats`). `--formats DIR` turns this off: its directory wins.
    public var formatsBesideCapture: Bool = true

    public init(formats: FormatRegistry = .bundled, decodeFields: Bool = true,
                inputFormat: InputFormat? = nil, vmlinuxPath: String? = nil, renderBodies: Bool = false) {
        self.formats = formats
        self.decodeFields = decodeFields
        self.inputFormat = inputFormat
        self.vmlinuxPath = vmlinuxPath
        self.renderBodies = renderBodies
    }
}

/// A stream of events in input order (time order for trace.dat), read in bounded memory.
public protocol TraceEventSource: AnyObject {
    var inputFormat: InputFormat { get }
    var diagnostics: TraceDiagnostics { get }
    /// Bytes of the file read so far and its size, for progress bars.
    var progress: (done: Int, total: Int?) { get }
    /// The next event, or nil at the end. Damage the reader can step over is counted in
    /// `diagnostics`; damage it cannot is thrown, after every event before it was returned.
    func next() throws(TraceError) -> TraceEvent?
    /// Reads the rest of the input into counts (see `TraceSummary`); readers may do this
    /// faster than `next()` by skipping field decoding.
    func summarize(progress: (Int) -> Void) throws(TraceError) -> TraceSummary
    /// Replaces `events` with the next events, up to `limit` of them (fewer only at the end
    /// or before an error, which is thrown with the events before it in `events`). A reader
    /// may reuse the array's storage and its old events' field storage rather than allocate
    /// anew (`PrefetchingSource` refills the batches its consumer is done with).
    func refill(_ events: inout [TraceEvent], limit: Int) throws(TraceError)
}

extension TraceEventSource {
    /// `next()` appended `limit` times.
    public func refill(_ events: inout [TraceEvent], limit: Int) throws(TraceError) {
        events.removeAll(keepingCapacity: true)
        while events.count < limit, let e = try next() { events.append(e) }
    }
}

extension TraceReadOptions {
    /// Whether events `system:name` get their fields decoded.
    public func decodesFields(system: String, name: String) -> Bool {
        decodeFields && (decodeFieldsOf?(system, name) ?? true)
    }
}
