import ArgumentParser
import TraceParser

/// `ext4trace stats FILE`: what a capture holds — events by name, CPUs, time span, losses.
struct StatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Count a trace's events by name, with its time span, CPUs and lost events.",
        discussion: """
        Example:
          ext4trace stats fixtures/ext4-seq-write-4k/trace.txt.zst
          ext4trace stats trace.dat --format json | jq .by_event

        JSON keys: format, events, by_event (event name → count), lost_events, unparsed_lines, cpus, first_ts, last_ts (seconds, as printed).

        A large plain text file is read on every core at once.
        """)

    @OptionGroup var input: TraceInputOptions

    @OptionGroup var output: OutputOptions

    func run() throws {
        try reportingFailures {
            let summary = try StatsOutput.collect(input, label: "stats")
            switch output.format {
            case .json: Console.line(StatsOutput.json(summary))
            case .text: Console.write(StatsOutput.text(summary, file: input.file))
            }
            if input.verbose { printUnparsed(summary.diagnostics) }
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

/// `stats` output: JSON for machines, an aligned table for people.
enum StatsOutput {
    /// Reads the whole trace, on every core when it is a large plain text file.
    static func collect(_ input: TraceInputOptions, label: String) throws -> TraceSummary {
        var bar = ProgressBar(label: label, total: fileSize(input.file))
        let summary = try TraceFile.summarize(input.file, options: input.readOptions(decodeFields: false)) { bar.update($0) }
        bar.finish()
        return summary
    }

    static func json(_ s: TraceSummary) -> String {
        var w = JSONWriter()
        w.objectStart()
        w.key("format"); w.string(s.format.rawValue)
        w.key("events"); w.int(s.events)
        w.key("by_event"); w.objectStart()
        for (name, count) in s.countsByName.sorted(by: { $0.key < $1.key }) { w.key(name); w.int(count) }
        w.objectEnd()
        w.key("lost_events"); w.int(s.diagnostics.lostEvents)
        w.key("unparsed_lines"); w.int(s.diagnostics.unparsedLines)
        w.key("cpus"); w.int(s.cpus)
        w.key("first_ts"); if let t = s.firstTimestampNs { w.rawNumber(formatTimestamp(t, digits: s.timestampDigits)) } else { w.null() }
        w.key("last_ts"); if let t = s.lastTimestampNs { w.rawNumber(formatTimestamp(t, digits: s.timestampDigits)) } else { w.null() }
        w.objectEnd()
        return String(decoding: w.bytes, as: UTF8.self)
    }

    static func text(_ s: TraceSummary, file: String) -> String {
        var out = "\(file): \(s.format.rawValue), \(s.events) events on \(s.cpus) CPUs"
        if let f = s.firstTimestampNs, let l = s.lastTimestampNs {
            let span = Double(l &- f) / 1e9
            out += ", \(formatTimestamp(f, digits: s.timestampDigits)) to \(formatTimestamp(l, digits: s.timestampDigits)) (\(formatDecimal(span, digits: 6)) s)"
        }
        out += "\n"
        out += "lost events: \(s.diagnostics.lostEvents), unparsed lines: \(s.diagnostics.unparsedLines)\n\n"
        let width = max(5, s.countsByName.keys.map(\.count).max() ?? 5)
        for (name, count) in s.countsByName.sorted(by: { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }) {
            out += name + String(repeating: " ", count: width - name.count + 2) + String(count) + "\n"
        }
        return out
    }
}
