import Analyzer
import ArgumentParser
import TraceParser

/// `ext4trace export FILE --format chrome|csv|sqlite -o OUT`.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write a trace's events as Chrome trace-event JSON, CSV files or an SQLite database.",
        discussion: """
        chrome  one JSON file for Perfetto UI or chrome://tracing: a track per task, a slice
                per enter/exit pair (syscalls, ext4_sync_file, ext4_writepages,
                ext4_ext_map_blocks, ext4_truncate, ext4_fallocate, jbd2 commits), an
                instant for every other event.
        csv     a directory with one EVENT.csv per event type: ts, cpu, pid, task, line,
                then the event's fields as columns, and `extra` for fields a later event adds.
        sqlite  one database, a table per event type with typed columns (ts_ns, cpu, pid,
                task, line, fields), and an event_types table with each type's row count.

        Examples:
          ext4trace export trace.txt --format chrome -o trace.json
          ext4trace export trace.txt --format sqlite -o trace.db
          sqlite3 trace.db 'select ino, count(*) from ext4_da_write_begin group by ino'
        """)

    @OptionGroup var input: TraceInputOptions

    @Option(name: .long, help: "Output format: chrome, csv or sqlite.")
    var format: ExportFormat

    @Option(name: .shortAndLong, help: ArgumentHelp("Output file (chrome, sqlite) or directory (csv).", valueName: "out"))
    var output: String

    enum ExportFormat: String, ExpressibleByArgument { case chrome, csv, sqlite }

    func run() throws {
        try reportingFailures {
            if format == .csv, try exportCSVInParallel() { return }
            let source = try input.open()
            var exporter: any EventExporter
            switch format {
            case .chrome: exporter = try ChromeTraceExporter(path: output)
            case .csv: exporter = try CSVExporter(directory: output)
            case .sqlite: exporter = try SQLiteExporter(path: output)
            }
            var bar = ProgressBar(label: "export", total: source.progress.total)
            var n = 0
            if let prefetching = source as? PrefetchingSource {
                // Events written in place in their batch, not copied out of `next()` one by one.
                while true {
                    let batch = try prefetching.nextBatch()
                    if batch.isEmpty { break }
                    try batch.withUnsafeBufferPointer { events in
                        for i in events.indices { try exporter.write(events[i]) }
                    }
                    if n >> 16 != (n + batch.count) >> 16 { bar.update(source.progress.done) }
                    n += batch.count
                }
            } else {
                while let e = try source.next() {
                    try exporter.write(e)
                    n += 1
                    if n & 0xFFFF == 0 { bar.update(source.progress.done) }
                }
            }
            bar.finish()
            Console.stderrLine("export: \(n) events: " + (try exporter.finish()))
        }
    }
}

extension ExportCommand {
    /// CSV decoded and formatted on every core (`ParallelEventLines` with
    /// `appendCSVExportFrame`), the rows filed by this thread in input order, equal to the
    /// one-reader path's files byte for byte; false (nothing read) when the input cannot take
    /// that path.
    func exportCSVInParallel() throws -> Bool {
        let source = try TraceFile.open(input.file, options: input.readOptions())
        guard ParallelEventLines.supports(source) else { return false }
        var exporter = try CSVExporter(directory: output)
        var bar = ProgressBar(label: "export", total: source.progress.total)
        var failure: AnalyzerError?
        _ = try ParallelEventLines.run(source, append: { e, lines in lines.appendCSVExportFrame(e) }, write: { bytes in
            do throws(AnalyzerError) { try exporter.writeFrames(bytes) } catch { failure = error; return false }
            return true
        }, progress: { bar.update($0) })
        bar.finish()
        if let failure { throw failure }
        Console.stderrLine("export: \(exporter.rowCount) events: " + (try exporter.finish()))
        return true
    }
}
