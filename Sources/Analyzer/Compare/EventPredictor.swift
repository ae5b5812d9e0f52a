import TraceParser

/// Where `compare --model-b` gets its B side: a model that replays a capture's operations
/// (the syscalls of `workload.txt` / the trace) and emits the events it predicts the kernel
/// would log, in the same shape as a capture — ftrace text lines read back through
/// `TraceFile`, or `TraceEvent`s directly. The analyzer then treats them like any capture, so
/// a prediction and an observation are measured by the same code.
///
/// `diff --model` uses the same hook: the predicted events' facts are the expected side.
///
/// ReferenceFS's `replay` (issues 4 and 5) provides the implementations; until one is
/// registered in `EventPredictors`, `compare --model-b` says so instead of inventing numbers.
public protocol EventPredictor: Sendable {
    /// `iomap`, `delaymap`, `buffer_head`.
    var model: String { get }
    /// The predicted events for the operations of the capture at `capturePath`, on a
    /// filesystem of `geometry` mounted with `mountOptions` (nil: the capture's own, from its
    /// meta.json or trace).
    func predictedEvents(for capturePath: String, geometry: FilesystemGeometry?, mountOptions: String?) throws -> any TraceEventSource
}

/// The models `compare --model-b` can use.
public enum EventPredictors {
    /// Registered predictors by model name. Empty until ReferenceFS's replay is wired in.
    nonisolated(unsafe) public static var registered: [String: any EventPredictor] = [:]

    /// The predictor for `model`, or an error saying what is missing.
    public static func predictor(_ model: String) throws(AnalyzerError) -> any EventPredictor {
        guard let p = registered[model] else {
            throw AnalyzerError(.unsupported, file: "model \(model)",
                                "needs the ReferenceFS model's replay (issues 4 and 5), which is not wired into the analyzer yet")
        }
        return p
    }

    /// The report of a model's prediction for a capture, labelled `model:NAME (CAPTURE)`.
    /// When the predicted trace holds no syscall events, the capture's reads and writes
    /// (`captureReport`) are its operations.
    public static func report(model: String, capture: String, geometry: FilesystemGeometry?,
                              mountOptions: String? = nil, captureReport: OverheadReport? = nil) throws -> OverheadReport {
        let predictor = try predictor(model)
        let source = try predictor.predictedEvents(for: capture, geometry: geometry, mountOptions: mountOptions)
        let predicted = try TraceAnalyzer.analyze(source, name: "model:\(model) (\(capture))", geometry: geometry)
        guard predicted.syscalls.isEmpty, let captureReport else { return predicted }
        return predicted.adoptingOperations(of: captureReport)
    }
}

extension EventPredictors {
    /// `auto`: `iomap` when the capture has the iomap series' `ext4_iomap_*` events, else
    /// `buffer_head` (issue 6's rule). Other names are returned as given.
    public static func resolve(_ model: String, capture: String) throws(TraceError) -> String {
        guard model == "auto" else { return model }
        let source = try TraceFile.open(capture, options: TraceReadOptions(decodeFields: false))
        while let e = try source.next() {
            if e.name.hasPrefix("ext4_iomap_") { return "iomap" }
        }
        return "buffer_head"
    }
}
