import Analyzer
import ArgumentParser
import ModelRuns
import ReferenceFS
import Recorder
import TraceParser

/// `ext4trace compare A B`: two captures (or a capture and a model) side by side.
struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Two captures side by side, metric by metric: A, B and B/A.",
        discussion: """
        Compares the totals of `ext4trace report` for two captures — buffer_head against iomap kernels, dioread_lock against dioread_nolock, ext4 against XFS.

        Examples:
          ext4trace compare fixtures/ext4-append-fsync/trace.txt.zst fixtures/ext4-dioread_lock-append-fsync/trace.txt.zst
          ext4trace compare A.txt B.txt --format json | jq '.rows[] | select(.key == "handles_per_mib")'

        --input-format and --formats apply to A and B alike.

        --model-b iomap|delaymap compares capture A with a model's prediction of the same
        operations, replayed by ReferenceFS in memory (as replay --emit-trace would).
        """)

    @Argument(help: ArgumentHelp("Capture A.", valueName: "a"))
    var a: String

    @Argument(help: ArgumentHelp("Capture B (omit with --model-b).", valueName: "b"))
    var b: String?

    @Option(name: .long, help: ArgumentHelp("Use the model's prediction of A's operations as B: iomap or delaymap.", valueName: "model"), transform: ModelName.parser(option: "--model-b"))
    var modelB: ModelName?

    @Flag(name: .long, help: "B is a model's predicted trace of A's operations (e.g. replay --emit-trace): when B holds no syscall events, per-write and per-MiB figures divide by A's reads and writes.")
    var bPredictsA = false

    /// `--input-format` and `--formats`, for A and B alike.
    @OptionGroup var format: TraceFormatOptions

    @OptionGroup var output: OutputOptions

    @Option(name: .long, help: ArgumentHelp("Also write a self-contained HTML page here.", valueName: "out.html"))
    var html: String?

    @Option(name: .long, help: ArgumentHelp("Geometry of A (default: geometry.txt beside it).", valueName: "file"))
    var geometryA: String?

    @Option(name: .long, help: ArgumentHelp("Geometry of B (default: geometry.txt beside it).", valueName: "file"))
    var geometryB: String?

    @Option(name: .long, help: ArgumentHelp("Only events of this device, on both sides.", valueName: "major:minor"), transform: DeviceNumbers.parsing)
    var dev: DeviceNumbers?

    func validate() throws {
        if b == nil && modelB == nil { throw ValidationError("give capture B, or --model-b iomap|delaymap") }
        if b != nil && modelB != nil { throw ValidationError("give capture B or --model-b, not both") }
        if bPredictsA && b == nil { throw ValidationError("--b-predicts-a needs a B file") }
    }

    /// How to read capture A or B: `--input-format` and `--formats` apply to both.
    func readOptions(for file: String) throws -> TraceReadOptions {
        try format.readOptions(for: file)
    }

    func run() throws {
        try reportingFailures {
            let reportA = try Analysis.report(path: a, options: readOptions(for: a), geometryPath: geometryA, device: dev?.description)
            let reportB: OverheadReport
            if let modelB {
                guard let path = modelB.path else { throw CommandFailure("unknown model \(modelB)") }
                var options = try readOptions(for: a)
                let fs = try ModelFilesystemSource(geometry: geometryA).filesystem(traceFile: a, readOptions: options)
                options.decodeFieldsOf = { ModelInput.allows(system: $0, name: $1) }
                let run = ModelRun(capture: try TraceFile.open(a, options: options), path: path, filesystem: fs)
                reportB = try run.report(model: modelB.description, capture: a,
                                         geometry: Analysis.geometry(for: a, explicit: geometryA), captureReport: reportA)
            } else {
                let observedB = try Analysis.report(path: b ?? "", options: readOptions(for: b ?? ""), geometryPath: geometryB, device: dev?.description)
                reportB = bPredictsA && observedB.syscalls.isEmpty ? observedB.adoptingOperations(of: reportA) : observedB
            }
            let comparison = Comparison(a: reportA, b: reportB)
            switch output.format {
            case .text: Console.write(comparison.text())
            case .json: Console.line(comparison.json())
            }
            if let html {
                try Analysis.write(ComparePage(comparison: comparison).render(), to: html)
            }
            Console.flush()
        }
    }
}
