import ArgumentParser
import Recorder
import TraceParser

/// `ext4trace events FILE`: every event with its decoded fields, as JSON lines or CSV.
struct EventsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "events",
        abstract: "Print a trace's events with their decoded fields, as JSON lines or CSV.",
        discussion: """
        Fields carry the kernel's struct field names from the event's format file. Numbers are integers; symbols (flags like CREATE|UNWRIT, callers like ext4_dirty_inode+0x34/0x90) are strings; devices read "major:minor".

        Examples:
          ext4trace events trace.txt --event ext4_da_write_begin --ino 12
          ext4trace events trace.dat --dev 7:1 --format csv > events.csv
          ext4trace events trace.dat --format report    # laid out like `trace-cmd report`

        JSON lines: {"ts", "cpu", "pid", "comm", "system", "event", "line" (text input, 1-based) or "record" (trace.dat, index in time order), "fields"}. --format report prints trace.dat events as `trace-cmd report` does.
        """)

    @OptionGroup var input: TraceInputOptions

    @Option(name: .long, help: "Output format: jsonl, csv, or report (trace-cmd report's layout; trace.dat bodies printed through the print format).")
    var format: OutputFormat = .jsonl

    @Option(name: .customLong("event"), help: ArgumentHelp("Only this event (repeatable).", valueName: "name"))
    var eventNames: [String] = []

    @Option(name: .long, help: ArgumentHelp("Only events of this device.", valueName: "major:minor"), transform: DeviceNumbers.parsing)
    var dev: DeviceNumbers?

    @Option(name: .long, help: ArgumentHelp("Only events of this inode.", valueName: "n"))
    var ino: UInt64?

    enum OutputFormat: String, ExpressibleByArgument { case jsonl, csv, report }

    func run() throws {
        try reportingFailures {
            let filter = EventFilter(names: Set(eventNames), device: dev?.description, inode: ino)
            if format != .report, try runInParallel(filter) { return }
            // trace.dat events carry their print-format rendering for the report layout.
            let source = try input.open(renderBodies: format == .report)
            var progress = ProgressBar(label: "events", total: source.progress.total)
            var lines = EventLineFormatter()
            var count = 0
            if format == .csv { Console.line(EventLineFormatter.csvHeader) }
            /// Writes one event; false when the output has closed.
            func emit(_ e: TraceEvent) -> Bool {
                count += 1
                if count & 0xFFFF == 0 { progress.update(source.progress.done) }
                guard filter.accepts(e) else { return true }
                switch format {
                case .jsonl: lines.appendJSONLine(e)
                case .csv: lines.appendCSVRow(e)
                case .report: Console.line(TraceCmdReportLine.render(e))
                }
                if lines.bytes.count >= 1 << 20 {
                    Console.write(bytes: lines.bytes)
                    lines.clear()
                }
                return Console.isOpen
            }
            if let prefetching = source as? PrefetchingSource {
                // Events read in place in their batch, not copied out one by one.
                var open = true
                while open {
                    let batch = try prefetching.nextBatch()
                    if batch.isEmpty { break }
                    batch.withUnsafeBufferPointer { events in
                        for i in events.indices where !emit(events[i]) { open = false; break }
                    }
                }
            } else {
                while let e = try source.next(), emit(e) {}
            }
            Console.write(bytes: lines.bytes)
            progress.finish()
            if input.verbose { printUnparsed(source.diagnostics) }
            Console.flush()
        }
    }
}

extension EventsCommand {
    /// JSON lines or CSV decoded and formatted on every core (`ParallelEventLines`), in the
    /// same order and bytes as one reader gives; false (nothing read) when the input cannot
    /// take that path.
    func runInParallel(_ filter: EventFilter) throws -> Bool {
        let source = try TraceFile.open(input.file, options: input.readOptions())
        guard ParallelEventLines.supports(source) else { return false }
        var progress = ProgressBar(label: "events", total: source.progress.total)
        if format == .csv { Console.line(EventLineFormatter.csvHeader) }
        let csv = format == .csv
        let diagnostics = try ParallelEventLines.run(source, append: { e, lines in
            guard filter.accepts(e) else { return }
            if csv { lines.appendCSVRow(e) } else { lines.appendJSONLine(e) }
        }, write: { bytes in
            Console.write(bytes: bytes)
            return Console.isOpen
        }, progress: { progress.update($0) })
        progress.finish()
        if input.verbose { printUnparsed(diagnostics) }
        Console.flush()
        return true
    }
}

/// The `--event`, `--dev` and `--ino` filters; `device` is `major:minor`, as events carry it.
struct EventFilter {
    var names: Set<String>
    var device: String?
    var inode: UInt64?

    func accepts(_ e: TraceEvent) -> Bool {
        if !names.isEmpty && !names.contains(e.name) { return false }
        if let device, e.device != device { return false }
        if let inode, e.inode != inode { return false }
        return true
    }
}
