import TraceParser

/// Where `compare --model-b` gets its B side: a model that replays a capture's operations
/// (the syscalls of `workload.txt` / the trace) and emits the events it predicts the kernel
/// would log, in the same shape as a capture — ftrace text lines read back through
/// `TraceFile`, or `TraceEvent`s directly. The analyzer then treats them like any capture, so
/// a prediction and an observation are measured by the same code.
///
/// ReferenceFS's `replay` (issues 4 and 5) provides the implementations; until one is
/// registered in `EventPredictors`, `compare --model-b` says so instead of inventing numbers.
public protocol EventPredictor: Sendable {
    /// `iomap`, `delaymap`, `buffer_head`.
    var model: String { get }
    /// The predicted events for the operations of the capture at `capturePath`.
    func predictedEvents(for capturePath: String, geometry: FilesystemGeometry?) throws -> any TraceEventSource
}

/// The models `compare --model-b` can use.
public enum EventPredictors {
    /// Registered predictors by model name. Empty until ReferenceFS's replay is wired in.
    nonisolated(unsafe) public static var registered: [String: any EventPredictor] = [:]

    /// The predictor for `model`, or an error saying what is missing.
    public static func predictor(_ model: String) throws(AnalyzerError) -> any EventPredictor {
        guard let p = registered[model] else {
            throw AnalyzerError(.unsupported, file: "--model-b \(model)",
                                "needs the ReferenceFS model's replay (issues 4 and 5), which is not wired into the analyzer yet")
        }
        return p
    }

    /// The report of a model's prediction for a capture, labelled `model:NAME (CAPTURE)`.
    public static func report(model: String, capture: String, geometry: FilesystemGeometry?) throws -> OverheadReport {
        let predictor = try predictor(model)
        let source = try predictor.predictedEvents(for: capture, geometry: geometry)
        return try TraceAnalyzer.analyze(source, name: "model:\(model) (\(capture))", geometry: geometry)
    }
}
