import ArgumentParser
import ReferenceFS
import TraceParser

/// `ext4trace replay FILE`: replays a capture's operations on the ext4 model and prints what
/// the model predicts the kernel decided.
struct ReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Replay a trace's operations on the ext4 model: predicted extents, journal handles and commits.",
        discussion: """
        The model reads only what the workload and the VFS asked of ext4 (syscalls, write_begin/end, writepages requests, fsync, truncate, fallocate, inode lifetime, writeback: events), never ext4's own decisions.

        By default geometry.txt (dumpe2fs -h) and meta.json (mount_opts) next to the trace are used. A capture without geometry.txt (trace-cmd record or perf on another machine) replays on the layout mkfs.ext4 gives for the block size and size the trace shows: the logical layout and the journal traffic are the same, physical block numbers approximate (one warning line says so).

        Examples:
          ext4trace replay fixtures/ext4-append-fsync/trace.txt.zst --format json
          ext4trace replay fixtures/ext4-seq-write-1k/trace.txt.zst --model iomap
          ext4trace replay trace.txt --model delaymap --emit-trace predicted.txt

        --model iomap replays as if the ext4 iomap buffered I/O series were applied (v2,
        docs/iomap-series.md), --model delaymap as the review's delay-map proposal.
        --emit-trace writes the predicted tracepoints (ext4_iomap_*, ext4_da_write_pages_extent,
        iomap_writeback_folio, iomap_add_to_ioend, jbd2_handle_stats, ...) in ftrace text format, readable by every other command.
        """)

    @OptionGroup var input: TraceInputOptions

    // Optional rather than defaulted: a parsing `transform` hides the default from --help,
    // so the help names it.
    @Option(name: .long, help: ArgumentHelp("The buffered I/O path to model: \(BufferedIOPaths.names.joined(separator: ", ")). (default: \(ModelName.bufferHead))", valueName: "name"), transform: ModelName.parser(option: "--model"))
    var model: ModelName?

    @Option(name: .long, help: ArgumentHelp("Write the predicted tracepoint stream here, in ftrace text format (iomap, delaymap).", valueName: "file"))
    var emitTrace: String?

    @OptionGroup var filesystem: ModelFilesystemOptions

    @OptionGroup var output: OutputOptions

    func run() throws {
        try reportingFailures {
            let model = model ?? .bufferHead
            guard let path = model.path else { throw CommandFailure("unknown model \(model)") }
            var fs = try filesystem.filesystem(traceFile: input.file, readOptions: try input.readOptions())
            if emitTrace != nil { fs.trace = [] }
            // The model reads only its allow-list: decode no other event's fields.
            let source = try input.open(decodeFieldsOf: { ModelInput.allows(system: $0, name: $1) })
            var replayer = try ModelSetup.replay(source, path: path, filesystem: fs, label: "replay")
            let result = replayer.finish()
            if let out = emitTrace { try ModelSetup.emitTrace(replayer.drainTrace(), to: out, cpus: source.diagnostics.cpus ?? 2) }
            switch output.format {
            case .text: Console.write(result.text)
            case .json:
                var w = JSONWriter()
                result.writeJSON(to: &w)
                Console.write(bytes: w.bytes)
                Console.write("\n")
            }
            Console.flush()
        }
    }
}
