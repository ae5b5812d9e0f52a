import ReferenceFS
import TraceParser

/// One capture replayed under one model, as a stream of the events the model emits: the glue
/// between ReferenceFS and Analyzer. `diff --model`, `compare --model-b` and `replay
/// --emit-trace` read a model's prediction through this, exactly as they read a capture.
///
/// The capture's events go into a `Replayer` one by one; whatever the model emitted meanwhile
/// (`Filesystem.emit`, drained with `drainTrace`) comes out of `next()` in emission order.
/// At the capture's end the replay finishes (`Replayer.finish`: remaining writeback and the
/// unmount commit) and `result` holds the model's final state.
public final class ModelRun: TraceEventSource {
    private let capture: any TraceEventSource
    private var replayer: Replayer
    private var pending: [TraceEvent] = []
    private var pendingIndex = 0
    private var finished = false
    /// The model's final state (sizes, extents, journal counts), once `next()` returned nil.
    public private(set) var result: ReplayResult?
    /// Called every 64 Ki capture events with the capture's progress.
    public var onProgress: ((Int, Int?) -> Void)?
    private var consumed = 0
    private var handedOut = 0
    /// Whether the stream also carries the capture's events the model read (`ModelInput`),
    /// each before the events its replay emitted: `replay --emit-trace` then writes a file
    /// that replays like the capture, so `diff --model` on it compares the model with itself.
    public var includesInputs = false
    /// Inputs waiting with the model's events until the device is known, with how many model
    /// events were emitted before each.
    private var heldInputs: [(at: Int, event: TraceEvent)] = []

    /// Replays `capture` under `path` on `filesystem` (its `trace` is switched on).
    public init(capture: any TraceEventSource, path: any BufferedIOPath, filesystem: Filesystem) {
        self.capture = capture
        var fs = filesystem
        fs.trace = []
        replayer = Replayer(filesystem: fs, path: path)
    }

    public var inputFormat: InputFormat { .ftrace }
    public var diagnostics: TraceDiagnostics {
        var d = TraceDiagnostics()
        d.cpus = capture.diagnostics.cpus
        return d
    }
    public var progress: (done: Int, total: Int?) { capture.progress }
    /// The replay so far (its filesystem, journal and device).
    public var replay: Replayer { replayer }

    public func next() throws(TraceError) -> TraceEvent? {
        while pendingIndex == pending.count {
            guard !finished else { return nil }
            if let e = try capture.next() {
                if includesInputs, ModelInput.allows(e) { heldInputs.append((replayer.fs.trace?.count ?? 0, e)) }
                replayer.consume(e)
                consumed += 1
                if consumed & 0xFFFF == 0 { onProgress?(capture.progress.done, capture.progress.total) }
            } else {
                result = replayer.finish()
                finished = true
            }
            // Events wait until the replay knows its device (`Filesystem.adoptDevice`).
            let ready = replayer.device != nil || finished
            pending = ready && replayer.fs.trace?.isEmpty == false ? replayer.drainTrace() : []
            if ready, !heldInputs.isEmpty { pending = Self.interleaving(heldInputs, into: pending); heldInputs = [] }
            pendingIndex = 0
        }
        var e = pending[pendingIndex]
        pendingIndex += 1
        // Positions count the whole stream, not each drained batch.
        e.position = .record(handedOut)
        handedOut += 1
        return e
    }

    /// The model's `events` with each input put back where it was consumed (before the event
    /// at its `at`).
    static func interleaving(_ inputs: [(at: Int, event: TraceEvent)], into events: [TraceEvent]) -> [TraceEvent] {
        var out: [TraceEvent] = []
        out.reserveCapacity(inputs.count + events.count)
        var k = 0
        for (at, input) in inputs {
            while k < min(at, events.count) { out.append(events[k]); k += 1 }
            out.append(input)
        }
        out.append(contentsOf: events[k...])
        return out
    }

    /// Reads the rest and returns every event still to come.
    public func readAll() throws(TraceError) -> [TraceEvent] {
        var out: [TraceEvent] = []
        while let e = try next() { out.append(e) }
        return out
    }
}
