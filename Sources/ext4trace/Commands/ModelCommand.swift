import ArgumentParser
import ReferenceFS
import TraceParser

/// `ext4trace model FILE`: the same operations under each model, side by side.
struct ModelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "model",
        abstract: "Compare the buffered I/O paths (captured kernel, iomap series, delay-map) on one capture.",
        discussion: """
        Replays the capture under each model and prints mapping calls per write and per MiB,
        journal handles per MiB by type, credits, commits, journal blocks logged per MiB and
        unwritten conversions, with a one-line explanation under each large difference.
        `capture` is what the traced (unpatched, buffer_head) kernel itself did.

        Example:
          ext4trace model fixtures/ext4-seq-write-1k/trace.txt.zst
          ext4trace model trace.txt --models capture,iomap,delaymap --format json
        """)

    @OptionGroup var input: TraceInputOptions

    @Option(name: .long, help: "Comma-separated models: capture, iomap, delaymap.")
    var models: String = "capture,iomap,delaymap"

    @Option(name: .long, help: ArgumentHelp("dumpe2fs -h output (default: geometry.txt beside the trace).", valueName: "file"))
    var geometry: String?

    @Option(name: .long, help: "Output format: text or json.")
    var format: OutputFormat = .text

    enum OutputFormat: String, ExpressibleByArgument { case text, json }

    func validate() throws {
        for m in modelList where m != "capture" && SeriesModelName(rawValue: m) == nil {
            throw ValidationError("unknown model '\(m)' (known: capture, iomap, delaymap)")
        }
    }

    var modelList: [String] { models.split(separator: ",").map { String($0) } }

    func run() throws {
        try reportingFailures {
            let geo = try loadGeometry(geometry, traceFile: input.file, mountOptions: "")
            let source = try input.open()
            let schemes = modelList.compactMap { SeriesModelName(rawValue: $0)?.scheme }
            let run = try SeriesReplayRun.run(source, schemes: schemes, geometry: geo, recordEvents: false)
            let columns = modelList.map { name -> ModelColumn in
                if name == "capture" { return ModelColumn(observed: run.observed) }
                let path = run.paths.first { $0.scheme.rawValue == name }!
                return ModelColumn(SeriesReport(path))
            }
            switch format {
            case .json: Console.line(ModelComparison(columns: columns).json())
            case .text: Console.write(ModelComparison(columns: columns).text())
            }
            Console.flush()
        }
    }
}
