import ArgumentParser
import ModelRuns
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
        --emit-trace writes the model's event stream in ftrace text format, readable by every other command: the capture's events the model read (syscalls, ext4 requests, writeback), each followed by the tracepoints the model predicts for it (ext4_ext_map_blocks_*, ext4_es_*, ext4_allocate_blocks, ext4_iomap_*, iomap_iter_dstmap, ext4_journal_start*, jbd2_handle_stats, jbd2_run_stats, ...). It replays like the capture: `diff FILE --model M` on the output of `--model M` reports no discrepancy.
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
            let fs = try filesystem.filesystem(traceFile: input.file, readOptions: try input.readOptions())
            // The model reads only its allow-list: decode no other event's fields.
            let source = try input.open(decodeFieldsOf: { ModelInput.allows(system: $0, name: $1) })
            let result: ReplayResult
            if let out = emitTrace {
                let run = ModelRun(capture: source, path: path, filesystem: fs)
                run.includesInputs = true
                var progress = ProgressBar(label: "replay", total: source.progress.total)
                run.onProgress = { done, _ in progress.update(done) }
                try ModelSetup.emitTrace(run, to: out)
                progress.finish()
                guard let r = run.result else { throw CommandFailure("\(input.file): the replay did not finish") }
                result = r
            } else {
                var replayer = try ModelSetup.replay(source, path: path, filesystem: fs, label: "replay")
                result = replayer.finish()
            }
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
