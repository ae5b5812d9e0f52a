import ArgumentParser
import TraceParser

/// `ext4trace stats FILE`: what a capture holds — events by name, CPUs, time span, losses.
struct StatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Count a trace's events by name, with its time span, CPUs and lost events.",
        discussion: """
        Example:
          ext4trace stats fixtures/ext4-seq-write-4k/trace.txt
          ext4trace stats trace.dat --format json | jq .by_event

        JSON keys: format, events, by_event (event name → count), lost_events,
        unparsed_lines, cpus, first_ts, last_ts (seconds, as printed).
        """)

    @OptionGroup var input: TraceInputOptions

    @Option(name: .long, help: "Output format: text or json.")
    var format: OutputFormat = .text

    enum OutputFormat: String, ExpressibleByArgument { case text, json }

    func run() throws {
        try reportingFailures {
            let source = try input.open(decodeFields: false)
            let stats = try TraceStats.collect(source, label: "stats")
            switch format {
            case .json: Console.line(stats.json())
            case .text: Console.write(stats.text(file: input.file))
            }
            if input.verbose { printUnparsed(source.diagnostics) }
            Console.flush()
        }
    }
}

/// Lists the unparsed lines on stderr (`--verbose`).
func printUnparsed(_ d: TraceDiagnostics) {
    for (location, reason) in d.unparsed {
        Console.stderrLine("unparsed: \(location): \(reason)")
    }
    if d.unparsedLines > d.unparsed.count {
        Console.stderrLine("unparsed: ... and \(d.unparsedLines - d.unparsed.count) more")
    }
}

/// What `stats` reports, gathered in one pass.
struct TraceStats {
    var format: InputFormat
    var events = 0
    var byEvent: [String: Int] = [:]
    var first: EventTime?
    var last: EventTime?
    var cpusSeen = Set<Int>()
    var diagnostics = TraceDiagnostics()

    static func collect(_ source: any TraceEventSource, label: String) throws -> TraceStats {
        var stats = TraceStats(format: source.inputFormat)
        var progress = ProgressBar(label: label, total: source.progress.total)
        var counter = NameCounter()
        var cpuSeen = [Bool](repeating: false, count: 1024)
        var lastTimestamp: (ns: UInt64, digits: UInt8) = (0, 0)
        while let e = try source.next() {
            stats.events += 1
            counter.count(e.name)
            if e.cpu >= 0 && e.cpu < cpuSeen.count { cpuSeen[e.cpu] = true } else { stats.cpusSeen.insert(e.cpu) }
            if stats.events == 1 { stats.first = EventTime(e) }
            // Keep the last event's time, not a copy of every event (1.2 M copies cost 10%).
            lastTimestamp = (e.timestampNs, e.timestampDigits)
            if stats.events & 0xFFFF == 0 { progress.update(source.progress.done) }
        }
        if stats.events > 0 { stats.last = EventTime(ns: lastTimestamp.ns, digits: lastTimestamp.digits) }
        for (cpu, seen) in cpuSeen.enumerated() where seen { stats.cpusSeen.insert(cpu) }
        stats.byEvent = counter.counts
        progress.finish()
        stats.diagnostics = source.diagnostics
        return stats
    }

    var cpus: Int { diagnostics.cpus ?? (cpusSeen.max().map { $0 + 1 } ?? 0) }

    func json() -> String {
        var w = JSONWriter()
        w.objectStart()
        w.key("format"); w.string(format.rawValue)
        w.key("events"); w.int(events)
        w.key("by_event"); w.objectStart()
        for (name, count) in byEvent.sorted(by: { $0.key < $1.key }) { w.key(name); w.int(count) }
        w.objectEnd()
        w.key("lost_events"); w.int(diagnostics.lostEvents)
        w.key("unparsed_lines"); w.int(diagnostics.unparsedLines)
        w.key("cpus"); w.int(cpus)
        w.key("first_ts"); if let e = first { w.rawNumber(e.timestampText) } else { w.null() }
        w.key("last_ts"); if let e = last { w.rawNumber(e.timestampText) } else { w.null() }
        w.objectEnd()
        return String(decoding: w.bytes, as: UTF8.self)
    }

    func text(file: String) -> String {
        var out = "\(file): \(format.rawValue), \(events) events on \(cpus) CPUs"
        if let f = first, let l = last {
            let span = Double(l.timestampNs &- f.timestampNs) / 1e9
            out += ", \(f.timestampText) to \(l.timestampText) (\(formatDecimal(span, digits: 6)) s)"
        }
        out += "\n"
        out += "lost events: \(diagnostics.lostEvents), unparsed lines: \(diagnostics.unparsedLines)\n\n"
        let width = max(5, byEvent.keys.map(\.count).max() ?? 5)
        for (name, count) in byEvent.sorted(by: { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }) {
            out += name + String(repeating: " ", count: width - name.count + 2) + String(count) + "\n"
        }
        return out
    }
}

/// Counts events by name. Readers hand out the same String for every event of a name, so two
/// slots per name length (`sys_exit_pwrite64` and `ext4_da_write_end` share one) answer most
/// events with a comparison of identical strings, before the dictionary is hashed.
struct NameCounter {
    private var names: [String] = []
    private var totals: [Int] = []
    private var index: [String: Int] = [:]
    /// Two slots per name length (the two names of that length seen last).
    private var slots = [Int](repeating: -1, count: 128)

    mutating func count(_ name: String) {
        let slot = (name.utf8.count & 63) * 2
        for s in slot..<(slot + 2) {
            let cached = slots[s]
            if cached >= 0 && names[cached] == name {
                totals[cached] += 1
                return
            }
        }
        let i: Int
        if let known = index[name] {
            i = known
        } else {
            i = names.count
            names.append(name)
            totals.append(0)
            index[name] = i
        }
        totals[i] += 1
        slots[slot + 1] = slots[slot]
        slots[slot] = i
    }

    var counts: [String: Int] {
        Dictionary(uniqueKeysWithValues: zip(names, totals))
    }
}

/// An event's time as the input printed it.
struct EventTime {
    var ns: UInt64
    var digits: UInt8

    init(ns: UInt64, digits: UInt8) { self.ns = ns; self.digits = digits }
    init(_ e: TraceEvent) { self.init(ns: e.timestampNs, digits: e.timestampDigits) }

    var timestampNs: UInt64 { ns }
    var timestampText: String {
        TraceEvent(timestampNs: ns, timestampDigits: digits, cpu: 0, pid: 0, comm: "", system: "", name: "",
                   fields: [], position: .none).timestampText
    }
}
