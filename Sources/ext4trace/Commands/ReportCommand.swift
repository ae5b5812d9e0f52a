import Analyzer
import ArgumentParser
import Recorder
import TraceParser

/// `ext4trace report FILE`: the per-path overhead of one capture.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Per-inode and total overhead of a capture: mapping calls, writeback, journal, block I/O, latencies.",
        discussion: """
        For each inode and in total: writes and reads by size; mapping calls per write and per MiB (ext4_map_blocks, extent-status lookups, iomap_begin); writeback batches (folios and extents per batch); journal handles per MiB by type with their credits; commits and journal blocks logged per MiB; unwritten conversions; block I/O issued (data, journal, metadata); and latency percentiles with histograms from enter/exit pairs.

        The journal area (to tell journal writes from data writes) comes from the capture's geometry.txt (dumpe2fs -h / xfs_db sb), found beside the trace or given with --geometry.

        Examples:
          ext4trace report fixtures/ext4-seq-write-4k/trace.txt.zst
          ext4trace report trace.txt --format json | jq .total.metrics
          ext4trace report trace.txt --html report.html
        """)

    @OptionGroup var input: TraceInputOptions

    @OptionGroup var output: OutputOptions

    @Option(name: .long, help: ArgumentHelp("Also write a self-contained HTML page here.", valueName: "out.html"))
    var html: String?

    @Option(name: .long, help: ArgumentHelp("dumpe2fs -h or xfs_db sb output (default: geometry.txt beside the trace).", valueName: "file"))
    var geometry: String?

    @Option(name: .long, help: ArgumentHelp("Only events of this device (perf captures every filesystem).", valueName: "major:minor"), transform: DeviceNumbers.parsing)
    var dev: DeviceNumbers?

    func run() throws {
        try reportingFailures {
            let report = try Analysis.report(path: input.file, options: input.readOptions(), geometryPath: geometry, device: dev?.description)
            switch output.format {
            case .text: Console.write(report.text())
            case .json: Console.line(report.json())
            }
            if let html { try Analysis.write(ReportPage(report: report).render(), to: html) }
            Console.flush()
        }
    }
}
