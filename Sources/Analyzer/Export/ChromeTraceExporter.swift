import TraceParser

/// Chrome trace-event JSON (opens in Perfetto UI and chrome://tracing): one track per task,
/// a complete ("X") slice for each matched enter/exit pair of `SpanDefinition.all` (with the
/// enter event's fields as arguments), and an instant ("i") for every other event.
///
///     {"traceEvents":[
///      {"ph":"M","name":"thread_name","pid":3603,"tid":3603,"args":{"name":"xfs_io-3603"}},
///      {"ph":"X","name":"ext4_sync_file","pid":3603,"tid":3603,"ts":2027501816,"dur":988,"args":{...}},
///      {"ph":"i","s":"t","name":"ext4_da_write_begin","pid":3603,"tid":3603,"ts":2027501783,"args":{...}}],
///      "displayTimeUnit":"ns"}
///
/// Timestamps are microseconds (the format's unit) with nanosecond decimals. Exits whose
/// enter the trace does not hold, and enters never closed, are written as instants.
public struct ChromeTraceExporter: EventExporter {
    private let file: OutputFile
    private var matcher = SpanMatcher()
    private var namedTasks: Set<Int> = []
    private var w = JSONWriter()
    private var slices = 0
    private var instants = 0

    public init(path: String) throws(AnalyzerError) {
        file = try OutputFile(path: path)
        try file.write("{\"traceEvents\":[\n")
    }

    public mutating func write(_ e: TraceEvent) throws(AnalyzerError) {
        if namedTasks.insert(e.pid).inserted {
            for name in ["process_name", "thread_name"] {
                w.objectStart()
                w.key("ph"); w.string("M"); w.key("name"); w.string(name)
                w.key("pid"); w.int(e.pid); w.key("tid"); w.int(e.pid)
                w.key("args"); w.objectStart(); w.key("name"); w.string("\(e.comm)-\(e.pid)"); w.objectEnd()
                w.objectEnd()
                try emit()
            }
        }
        switch matcher.consume(e) {
        case .opened(let dropped):
            if let d = dropped { try writeUnclosed(d) }
        case .closed(let span):
            slices += 1
            writeSlice(span)
        case .none:
            instants += 1
            writeInstant(name: e.name, pid: e.pid, timestampNs: e.timestampNs, fields: e.fields)
        }
        try emit()
    }

    public mutating func finish() throws(AnalyzerError) -> String {
        for open in matcher.unclosed() { try writeUnclosed(open) }
        try file.write("\n],\"displayTimeUnit\":\"ns\"}\n")
        try file.flush()
        return "\(slices) slices, \(instants) instants, \(namedTasks.count) tasks"
    }

    /// An enter with no exit in the trace, as an instant at its own time.
    private mutating func writeUnclosed(_ call: SpanMatcher.OpenCall) throws(AnalyzerError) {
        instants += 1
        writeInstant(name: matcher.definitions[call.definition].enter, pid: call.pid, timestampNs: call.startNs, fields: call.fields)
        try emit()
    }

    private mutating func writeSlice(_ span: Span) {
        w.objectStart()
        w.key("ph"); w.string("X")
        w.key("name"); w.string(matcher.definitions[span.definition].name)
        w.key("cat"); w.string("span")
        w.key("pid"); w.int(span.pid); w.key("tid"); w.int(span.pid)
        w.key("ts"); w.rawNumber(ChromeTraceExporter.microseconds(span.startNs))
        w.key("dur"); w.rawNumber(ChromeTraceExporter.microseconds(span.endNs >= span.startNs ? span.durationNs : 0))
        w.key("args"); writeFields(span.enterFields)
        w.objectEnd()
    }

    private mutating func writeInstant(name: String, pid: Int, timestampNs: UInt64, fields: [EventField]) {
        w.objectStart()
        w.key("ph"); w.string("i"); w.key("s"); w.string("t")
        w.key("name"); w.string(name)
        w.key("pid"); w.int(pid); w.key("tid"); w.int(pid)
        w.key("ts"); w.rawNumber(ChromeTraceExporter.microseconds(timestampNs))
        w.key("args"); writeFields(fields)
        w.objectEnd()
    }

    private mutating func writeFields(_ fields: [EventField]) {
        w.objectStart()
        for f in fields { w.key(f.name); w.value(f.value) }
        w.objectEnd()
    }

    /// Writes the object just built in `w`, on its own line after a comma, and clears `w`.
    private mutating func emit() throws(AnalyzerError) {
        guard !w.bytes.isEmpty else { return }
        if wroteAny { try file.write(",\n") }
        wroteAny = true
        try file.write(bytes: w.bytes)
        w.clear()
    }

    private var wroteAny = false

    /// `2027501816123` ns → `2027501816.123`.
    static func microseconds(_ ns: UInt64) -> String {
        var frac = String(ns % 1000)
        while frac.count < 3 { frac = "0" + frac }
        return "\(ns / 1000).\(frac)"
    }
}
