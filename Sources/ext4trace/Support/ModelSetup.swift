import ReferenceFS
import TraceParser

/// Builds the model's starting filesystem for a capture and picks a buffered I/O path by its
/// `--model` name (shared by `replay` and `model`).
enum ModelSetup {
    static var pathNames: [String] { BufferedIOPaths.names }

    static func path(named name: String) -> (any BufferedIOPath)? { BufferedIOPaths.named(name) }

    /// Replays every event of `source` through `path` on `fs`, with a progress bar on stderr.
    static func replay(_ source: any TraceEventSource, path: any BufferedIOPath, filesystem fs: Filesystem,
                       label: String) throws -> Replayer {
        var replayer = Replayer(filesystem: fs, path: path)
        var progress = ProgressBar(label: label, total: source.progress.total)
        var count = 0
        while let e = try source.next() {
            replayer.consume(e)
            count += 1
            if count & 0xFFFF == 0 { progress.update(source.progress.done) }
        }
        progress.finish()
        return replayer
    }

    /// Writes the events a replay emitted as the kernel's `trace` file would hold them,
    /// through TraceParser's `FtraceTextRenderer` (each event's own print format), so every
    /// ext4trace command reads them as it reads a capture.
    static func emitTrace(_ events: [TraceEvent], to file: String, cpus: Int) throws {
        let renderer = FtraceTextRenderer()
        var text = "# tracer: nop\n#\n# entries-in-buffer/entries-written: \(events.count)/\(events.count)   #P:\(cpus)\n#\n"
        text += "#           TASK-PID     CPU#  |||||  TIMESTAMP  FUNCTION\n#              | |         |   |||||     |         |\n"
        for e in events { text += renderer.line(e); text += "\n" }
        guard let f = fopen(file, "wb") else { throw CommandFailure("\(file): cannot create the file") }
        defer { fclose(f) }
        let bytes = Array(text.utf8)
        if fwrite(bytes, 1, bytes.count, f) != bytes.count { throw CommandFailure("\(file): write failed") }
    }
}

#if canImport(Glibc)
import Glibc
#endif
