import Analyzer
import ArgumentParser
import ModelRuns
import Recorder
import ReferenceFS
import TraceParser

/// `ext4trace diff FILE`: expected decisions against the capture's.
struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Compare the decisions a capture logged with expected ones, decision by decision.",
        discussion: """
        The expected side is a trace of predicted events (--expected, e.g. what ReferenceFS's replay --emit-trace writes) or a model run on the capture's operations (--model, replayed by ReferenceFS in memory; the default is --model auto, the model of the path the capture ran). Compared: map_blocks results (len, pblk, mflags, ret per lblk and request flags), iomap mappings, extent-status changes, block allocations, mballoc's requests (orig, goal, result, flags of ext4_mballoc_alloc/prealloc), delalloc reservation claims (ext4_da_update_reserve_space), i_size at each folio written back (size: iomap_writeback_folio) and ioends (iomap_add_to_ioend), journal handles (type, credits) and commits (handles, blocks, blocks logged); with a model, also the final extents (final_extents: the model's tree at the end of the replay against debugfs `ex` after unmount, extents.txt beside the capture or --extents FILE; len, pblk and unwritten per leaf extent). Each discrepancy names its kind, inode, key, expected and observed values and the observed event's line (text) or record (trace.dat).

        Exit status like diff(1): 0 no discrepancy, 1 some, 2 trouble.

        Examples:
          ext4trace diff capture/trace.txt
          ext4trace diff capture/trace.txt --expected predicted.txt
          ext4trace diff capture/trace.txt --model iomap --format json
        """)

    @OptionGroup var input: TraceInputOptions

    @Option(name: .long, help: ArgumentHelp("A trace of the expected (predicted) events.", valueName: "file"))
    var expected: String?

    @Option(name: .long, help: ArgumentHelp("Predict with this model: auto (the default without --expected: the path the capture ran), buffer_head, iomap or delaymap.", valueName: "model"), transform: ModelName.parser(option: "--model", allowingAuto: true))
    var model: ModelName?

    @OptionGroup var filesystem: ModelFilesystemOptions

    @Option(name: .long, help: ArgumentHelp("debugfs `ex` output of the files after unmount, as record writes it (default: extents.txt beside the trace), for final_extents.", valueName: "file"))
    var extents: String?

    @Option(name: .long, help: ArgumentHelp("Only events of this device, on both sides.", valueName: "major:minor"), transform: DeviceNumbers.parsing)
    var dev: DeviceNumbers?

    @OptionGroup var output: OutputOptions

    func validate() throws {
        if expected != nil && model != nil { throw ValidationError("give --expected FILE or --model NAME, not both") }
    }

    func run() throws {
        var some = false
        try reportingFailures {
            // The capture is read twice with --model: once here for the kernel's side (noting
            // which path it ran, for `auto`), once by the model's replay.
            let source = PathDetectingSource(try input.open())
            var bar = ProgressBar(label: "diff", total: source.progress.total)
            var observed = try FactExtractor.facts(source, device: dev?.description) { done, _ in bar.update(done) }
            bar.finish()
            var expectedFacts: [Fact]
            var predictedKinds: Set<Fact.Kind> = []
            let expectedName: String
            if let expected {
                expectedFacts = try FactExtractor.facts(TraceFile.open(expected, options: input.readOptions()), device: dev?.description)
                expectedName = expected
            } else {
                let name = model.flatMap { $0 == .auto ? nil : $0.description } ?? source.pathRan
                guard let path = BufferedIOPaths.named(name) else { throw CommandFailure("model \(name): not a ReferenceFS model") }
                let fs = try filesystem.filesystem(traceFile: input.file, readOptions: try input.readOptions())
                let run = ModelRun(capture: try input.open(decodeFieldsOf: { ModelInput.allows(system: $0, name: $1) }),
                                   path: path, filesystem: fs)
                expectedFacts = try FactExtractor.facts(run, device: dev?.description)
                guard let result = run.result else { throw CommandFailure("model \(name): the replay did not finish") }
                let prediction = (events: run, result: result)
                // The final trees, when the kernel's is known (extents.txt or --extents).
                if let kernelTree = try FinalExtents.facts(extentsFile: extents ?? CaptureDirectory(tracePath: input.file).extentsPath,
                                                           required: extents != nil) {
                    expectedFacts += FinalExtents.facts(of: prediction.result)
                    observed += kernelTree
                    predictedKinds.insert(.finalExtents)
                }
                expectedName = "model:\(name)"
            }
            let diff = EventDiff(expected: expectedFacts, observed: observed, predicted: predictedKinds)
            switch output.format {
            case .text: Console.write(diff.text(expectedSource: expectedName, observedSource: input.file))
            case .json: Console.line(diff.json())
            }
            Console.flush()
            some = !diff.isEmpty
        }
        if some { throw ExitCode(1) }
    }
}
