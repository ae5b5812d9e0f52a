import ArgumentParser
import ReferenceFS
import TraceParser

/// `ext4trace replay FILE --model iomap|delaymap`: replays a capture's operations as if the ext4
/// iomap series (or the delay-map proposal) were applied.
struct ReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Replay a capture's operations under a model of ext4 and predict what it decides.",
        discussion: """
        Reads only what the workload and the VFS asked (syscalls, write_begin, writepages
        requests, fsync, truncate, punch/zero, evict, sync_fs) and predicts mappings, handles,
        commits and tracepoints.

        Examples:
          ext4trace replay fixtures/ext4-seq-write-1k/trace.txt.zst --model iomap
          ext4trace replay trace.txt --model delaymap --format json
          ext4trace replay trace.txt --model iomap --emit-trace predicted.txt

        JSON: {"model", "inodes": [{"dev", "ino", "size", "disksize", "extents": [{"lblk",
        "len", "pblk", "unwritten"}]}], "journal": {"handles", "handles_by_type", "credits_requested",
        "commits", "blocks_logged"}, "mapping": {"map_blocks_calls", "es_lookups",
        "iomap_begin_calls", "writeback_map_calls", "unwritten_conversions", "allocations"}, "ops"}.
        """)

    @OptionGroup var input: TraceInputOptions

    @Option(name: .long, help: "The model: iomap (the series) or delaymap (the review's proposal).")
    var model: SeriesModelName = .iomap

    @Option(name: .long, help: ArgumentHelp("dumpe2fs -h output of the filesystem (default: geometry.txt beside the trace).", valueName: "file"))
    var geometry: String?

    @Option(name: .long, help: ArgumentHelp("Mount options, comma-separated (nodelalloc is honoured).", valueName: "options"))
    var mountOptions: String = ""

    @Option(name: .long, help: ArgumentHelp("Write the predicted tracepoint stream here, in ftrace text format.", valueName: "file"))
    var emitTrace: String?

    @Option(name: .long, help: "Output format: text or json.")
    var format: OutputFormat = .text

    enum OutputFormat: String, ExpressibleByArgument { case text, json }

    func run() throws {
        try reportingFailures {
            let geo = try loadGeometry(geometry, traceFile: input.file, mountOptions: mountOptions)
            let source = try input.open()
            let run = try SeriesReplayRun.run(source, schemes: [model.scheme], geometry: geo,
                                              recordEvents: emitTrace != nil)
            let path = run.paths[0]
            if let out = emitTrace {
                try writeFile(out, FtraceTextWriter().render(path.events, cpus: run.cpus))
            }
            let report = SeriesReport(path)
            switch format {
            case .json: Console.line(replayJSON(report))
            case .text: Console.write(replayText(report))
            }
            Console.flush()
        }
    }
}

/// The models `replay` and `model` know beside buffer_head.
enum SeriesModelName: String, ExpressibleByArgument, CaseIterable {
    case iomap, delaymap
    var scheme: WritebackScheme { self == .iomap ? .iomap : .delaymap }
}
