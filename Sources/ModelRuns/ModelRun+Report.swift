import Analyzer
import ReferenceFS
import TraceParser

extension ModelRun {
    /// The report of this model's prediction, labelled `model:NAME (CAPTURE)`, analysed by the
    /// code that analyses a capture. A model emits no syscall events: the capture's reads and
    /// writes (`captureReport`) become its operations, so "per write" and "per MiB" divide by
    /// the same calls.
    public func report(model: String, capture: String, geometry: FilesystemGeometry?,
                       captureReport: OverheadReport? = nil) throws(TraceError) -> OverheadReport {
        let predicted = try TraceAnalyzer.analyze(self, name: "model:\(model) (\(capture))", geometry: geometry)
        guard predicted.syscalls.isEmpty, let captureReport else { return predicted }
        return predicted.adoptingOperations(of: captureReport)
    }
}

/// Passes a capture's events through unchanged while noting which buffered I/O path it ran:
/// `iomap` once an `ext4_iomap_*` event (the series' mapping tracepoints) went by, else
/// `buffer_head`. Lets `diff --model auto` pick its model during the pass that reads the
/// kernel's side, instead of reading the capture once more.
public final class PathDetectingSource: TraceEventSource {
    private let inner: any TraceEventSource
    public private(set) var sawIomapEvents = false

    public init(_ inner: any TraceEventSource) { self.inner = inner }

    public var inputFormat: InputFormat { inner.inputFormat }
    public var diagnostics: TraceDiagnostics { inner.diagnostics }
    public var progress: (done: Int, total: Int?) { inner.progress }

    public func next() throws(TraceError) -> TraceEvent? {
        guard let e = try inner.next() else { return nil }
        if !sawIomapEvents, e.name.hasPrefix("ext4_iomap_") { sawIomapEvents = true }
        return e
    }

    /// `auto`'s answer once the capture was read: the path the capture ran.
    public var pathRan: String { sawIomapEvents ? "iomap" : "buffer_head" }
}
