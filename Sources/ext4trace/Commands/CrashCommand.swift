import ArgumentParser
import ReferenceFS
import TraceParser

/// `ext4trace crash FILE`: which crash states of a run expose stale data, lose fsync'd data or
/// recover a size past the data, per buffered I/O path (issue 14; docs/crash.md).
struct CrashCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "crash",
        abstract: "Replay a capture through the model and check the state a crash would recover at every data completion and commit.",
        discussion: """
        At every crash point (a data write's completion, a journal commit) the recovered state is the metadata of the last committed transaction (extents written/unwritten, i_disksize) without the I/O-completion work of writes still in flight, and the data whose writes completed (optimistic view; the pessimistic view counts only writes completed before the last flush, shown as a second line of counts). Each file is checked for stale_data, lost_fsync and size_past_data. A writeback pass completes at submission + the capture's mean block write latency (block_rq_issue → block_rq_complete; --io-latency-us to fix it); fsync/sync writeback completes before the task's next event; data=ordered commits wait for newly allocated written blocks.

        The model reads only the capture's inputs (syscalls, VFS/ext4 requests) and the device's timing, never ext4's mappings or commits.

        --model may be repeated (default: buffer_head, iomap and delaymap side by side; auto is the path the capture ran: iomap with buffered_iomap in its mount options). --what-if undoes one design choice (repeatable): written-allocation, disksize-at-submit, zero-in-transaction, no-ordered. --format json gives one object per model (an array when several): model, crash_points, counts {stale_data, lost_fsync, size_past_data}, violations [{kind, ino, blocks, point, line, explanation}].

        Examples:
          ext4trace crash fixtures/iomap/append-fsync/iomap/trace.dat --model auto
          ext4trace crash trace.dat --model iomap --what-if written-allocation --format json
          ext4trace crash trace.dat --format html > crash.html
        """)

    @OptionGroup var input: TraceInputOptions

    @Option(name: .long, help: ArgumentHelp("A model: auto, buffer_head, iomap or delaymap (repeatable; default: all three paths).", valueName: "name"),
            transform: ModelName.parser(option: "--model", allowingAuto: true))
    var model: [ModelName] = []

    @Option(name: .long, help: ArgumentHelp("Undo one design choice: written-allocation, disksize-at-submit, zero-in-transaction, no-ordered (repeatable).", valueName: "switch"),
            transform: { (s: String) throws -> CrashWhatIf in
                guard let w = CrashWhatIf(rawValue: s) else {
                    throw ValidationError("--what-if takes \(CrashWhatIf.allCases.map(\.rawValue).joined(separator: ", ")) (got \(s))")
                }
                return w
            })
    var whatIf: [CrashWhatIf] = []

    @Option(name: .long, help: ArgumentHelp("Every data write takes this many microseconds (default: the capture's mean block write latency).", valueName: "us"))
    var ioLatencyUs: UInt64?

    @Option(name: .long, help: "Output format: text, json or html.")
    var format: CrashFormat = .text

    @OptionGroup var filesystem: ModelFilesystemOptions

    func run() throws {
        try reportingFailures {
            let fs = try filesystem.filesystem(traceFile: input.file, readOptions: try input.readOptions())
            let names = resolvedModels(fs)
            let source = try input.open(decodeFieldsOf: { CrashExplorer.reads(system: $0, name: $1) })
            var explorers: [CrashExplorer] = names.compactMap { name in
                guard let path = BufferedIOPaths.named(name) else { return nil }
                var x = CrashExplorer(replayer: Replayer(filesystem: fs, path: path),
                                      config: CrashPathConfig(path: name, options: fs.options, whatIfs: Set(whatIf)))
                x.fixedLatencyNs = ioLatencyUs.map { $0 * 1000 }
                x.keepsPoints = format == .html
                return x
            }
            var progress = ProgressBar(label: "crash", total: source.progress.total)
            var count = 0
            while let e = try source.next() {
                for i in explorers.indices { explorers[i].consume(e) }
                count += 1
                if count & 0xFFFF == 0 { progress.update(source.progress.done) }
            }
            progress.finish()
            for i in explorers.indices { explorers[i].finish() }
            let reports = explorers.map { CrashReport($0, whatIfs: whatIf) }
            switch format {
            case .text: Console.write(CrashReport.text(reports))
            case .json: Console.write(bytes: CrashReport.json(reports)); Console.write("\n")
            case .html: Console.write(CrashPage(reports: reports, capture: input.file).render())
            }
            Console.flush()
        }
    }

    /// The path names to run: `--model` in order (`auto` resolved from the mount options), or
    /// all three.
    func resolvedModels(_ fs: Filesystem) -> [String] {
        guard !model.isEmpty else { return BufferedIOPaths.names }
        var out: [String] = []
        for m in model {
            let name = m == .auto ? (fs.options.bufferedIomap == true ? "iomap" : "buffer_head") : m.description
            if !out.contains(name) { out.append(name) }
        }
        return out
    }
}

enum CrashFormat: String, ExpressibleByArgument {
    case text, json, html
}
