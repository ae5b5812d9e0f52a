import Analyzer
import ReferenceFS
import TraceParser

/// The bridge from ReferenceFS to the analyzer: an `EventPredictor` that replays a capture's
/// operations under one model and hands back the events it predicts — the same ftrace text
/// `replay --emit-trace` writes (`ModelSetup.predictedTrace`), read from memory through the
/// ordinary text reader, so `diff --model` and `compare --model-b` measure a prediction with
/// the code that measures a capture.
///
/// The filesystem is set up as `replay` and `model` set it up (`ModelFilesystemSource`:
/// `geometry.txt` and `meta.json` beside the capture unless given).
struct ReplayPredictor: EventPredictor {
    /// `buffer_head`, `iomap` or `delaymap`.
    let model: String
    /// Where the model's filesystem comes from (`--geometry`, `--fs-size`; by default
    /// geometry.txt beside the capture). The analyzer's `FilesystemGeometry` holds only the
    /// block size and journal area.
    let filesystem: ModelFilesystemSource
    /// How the capture is read (a forced input format, formats from a directory).
    let readOptions: TraceReadOptions

    /// Registers a predictor for every model `replay` knows.
    static func registerAll(filesystem: ModelFilesystemSource, readOptions: TraceReadOptions = TraceReadOptions()) {
        for name in ModelSetup.pathNames {
            EventPredictors.registered[name] = ReplayPredictor(model: name, filesystem: filesystem, readOptions: readOptions)
        }
    }

    func predictedEvents(for capturePath: String, geometry: FilesystemGeometry?, mountOptions: String?) throws -> any TraceEventSource {
        try predict(capturePath: capturePath, mountOptions: mountOptions).events
    }

    /// The predicted events, and the model's final state (sizes, extents) they end in.
    func predict(capturePath: String, mountOptions: String?) throws -> (events: any TraceEventSource, result: ReplayResult) {
        guard let path = ModelSetup.path(named: model) else {
            throw CommandFailure("model \(model): unknown (known: \(ModelSetup.pathNames.joined(separator: ", ")))")
        }
        var setup = filesystem
        if let mountOptions { setup.mountOptions = mountOptions }
        var fs = try setup.filesystem(traceFile: capturePath, readOptions: readOptions)
        fs.predictedEvents = []                 // and the journal's handle log, as --emit-trace
        fs.trace = []                           // BRIDGE (emission): the one event stream, until core lands
        var options = readOptions
        options.decodeFieldsOf = { ModelInput.allows(system: $0, name: $1) }
        let source = try TraceFile.open(capturePath, options: options)
        var replayer = try ModelSetup.replay(source, path: path, filesystem: fs, label: "model \(model)")
        let result = replayer.finish()
        let text = ModelSetup.predictedTrace(replayer, cpus: source.diagnostics.cpus ?? 2)
        let textEvents = TextTraceReader(source: MemoryByteSource(Array(text.utf8), path: "model:\(model)"),
                                         format: .ftrace, options: TraceReadOptions())
        return (ModelEventsBridge(text: textEvents, events: replayer.fs.trace ?? []), result)
    }
}

/// BRIDGE (emission helper; core replaces this file): the predicted text's events, then the
/// events the model emitted through `Filesystem.emit` (mapping, extent status, allocation),
/// each at its record index in the model's stream.
final class ModelEventsBridge: TraceEventSource {
    let text: any TraceEventSource
    let events: [TraceEvent]
    var index = 0
    init(text: any TraceEventSource, events: [TraceEvent]) { self.text = text; self.events = events }
    var inputFormat: InputFormat { text.inputFormat }
    var diagnostics: TraceDiagnostics { text.diagnostics }
    var progress: (done: Int, total: Int?) { text.progress }
    func next() throws(TraceError) -> TraceEvent? {
        if let e = try text.next() { return e }
        guard index < events.count else { return nil }
        defer { index += 1 }
        return events[index]
    }
}
