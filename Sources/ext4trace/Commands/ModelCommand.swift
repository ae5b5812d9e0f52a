import Analyzer
import ArgumentParser
import ModelRuns
import ReferenceFS
import TraceParser

/// `ext4trace model FILE`: the same operations under each model, side by side.
struct ModelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "model",
        abstract: "Compare the buffered I/O paths (buffer_head, iomap series, delay-map) on one capture.",
        discussion: """
        Replays the capture under each model in one pass and prints mapping calls per write and per MiB, journal handles per MiB by type, credits, commits, journal blocks logged per MiB and unwritten conversions, with a one-line explanation under each large difference. `capture` is what the traced kernel itself did (its own decision events), for reference.

        Examples:
          ext4trace model fixtures/ext4-seq-write-1k/trace.txt.zst
          ext4trace model trace.txt --models buffer_head,iomap,delaymap --format json
        """)

    @OptionGroup var input: TraceInputOptions

    @Option(name: .long, help: "Comma-separated models: capture, buffer_head, iomap, delaymap.")
    var models: String = "capture,buffer_head,iomap,delaymap"

    @OptionGroup var filesystem: ModelFilesystemOptions

    @OptionGroup var output: OutputOptions

    var modelList: [String] { models.split(separator: ",").map(String.init) }

    func validate() throws {
        for m in modelList where m != "capture" && ModelSetup.path(named: m) == nil {
            throw ValidationError("unknown model '\(m)' (known: capture, \(ModelSetup.pathNames.joined(separator: ", ")))")
        }
        if modelList.isEmpty { throw ValidationError("--models: name at least one model") }
    }

    func run() throws {
        try reportingFailures {
            let fs = try filesystem.filesystem(traceFile: input.file, readOptions: try input.readOptions())
            // One read feeds every model: decode only what the models and `capture` read.
            let source = try input.open(decodeFieldsOf: {
                ModelInput.allows(system: $0, name: $1) || ObservedKernel.eventsWithFieldsRead.contains($1)
            })
            let names = modelList.filter { $0 != "capture" }
            // Each model replays on its own thread (`ReplayLanes`) from the same batches of
            // events; this thread notes the capture's own decisions and picks out the inputs.
            let lanes = ReplayLanes(names.map { Replayer(filesystem: fs, path: ModelSetup.path(named: $0)!) })
            var observed = ObservedKernel()
            var progress = ProgressBar(label: "model", total: source.progress.total)
            var n = 0
            // Whether each event type is a model input, worked out once per type rather than
            // by every replayer on every event (`Replayer.consume` ignores the others).
            var eventNames = EventNameIndex()
            var types: [(system: String, allowed: Bool)] = []
            var inputs: [TraceEvent] = []
            func note(_ e: TraceEvent) {
                observed.note(e)
                let k = eventNames.index(of: e.name) ?? { types.append((e.system, ModelInput.allows(e))); return eventNames.add(e.name) }()
                let allowed = types[k].system == e.system ? types[k].allowed : ModelInput.allows(e)
                if allowed { inputs.append(e) }
                n += 1
                if n & 0xFFFF == 0 { progress.update(source.progress.done) }
            }
            if let prefetching = source as? PrefetchingSource {
                while true {
                    let batch = try prefetching.nextBatch()
                    if batch.isEmpty { break }
                    batch.withUnsafeBufferPointer { for i in $0.indices { note($0[i]) } }
                    lanes.send(inputs)
                    inputs = []
                }
            } else {
                while let e = try source.next() {
                    note(e)
                    if inputs.count >= 2048 { lanes.send(inputs); inputs = [] }
                }
                lanes.send(inputs)
            }
            progress.finish()
            var results: [String: ReplayResult] = [:]
            for (name, result) in zip(names, lanes.finish()) { results[name] = result }
            let columns = modelList.map { name in
                name == "capture" ? ModelColumn(observed: observed)
                                  : ModelColumn(results[name]!, workload: observed)
            }
            let comparison = ModelComparison(columns: columns)
            switch output.format {
            case .json: Console.line(comparison.json())
            case .text: Console.write(comparison.text())
            }
            Console.flush()
        }
    }
}
