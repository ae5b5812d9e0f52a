import ModelRuns
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

    /// Writes a model run's stream (`ModelRun`, the capture's inputs included) as the kernel's
    /// `trace` file would hold it, through TraceParser's `FtraceTextRenderer` (each event's own
    /// print format), so every ext4trace command reads it as it reads a capture, and replaying
    /// it gives the same prediction. Streams: at most 1 MiB of text is held at a time.
    static func emitTrace(_ run: ModelRun, to file: String) throws {
        guard let f = fopen(file, "wb") else { throw CommandFailure("\(file): cannot create the file") }
        defer { fclose(f) }
        var text = "# tracer: nop\n#\n"
        text += "#           TASK-PID     CPU#  |||||  TIMESTAMP  FUNCTION\n#              | |         |   |||||     |         |\n"
        func flush() throws {
            let bytes = Array(text.utf8)
            if fwrite(bytes, 1, bytes.count, f) != bytes.count { throw CommandFailure("\(file): write failed") }
            text = ""
        }
        let renderer = FtraceTextRenderer()
        while let e = try run.next() {
            text += renderer.line(e)
            text += "\n"
            if text.utf8.count >= 1 << 20 { try flush() }
        }
        try flush()
    }
}

#if canImport(Glibc)
import Glibc
#endif
