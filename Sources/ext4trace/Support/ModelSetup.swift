import ReferenceFS
import TraceParser

/// Builds the model's starting filesystem for a capture and picks a buffered I/O path by its
/// `--model` name (shared by `replay` and `model`).
enum ModelSetup {
    static var pathNames: [String] { BufferedIOPaths.names }

    static func path(named name: String) -> (any BufferedIOPath)? { BufferedIOPaths.named(name) }

    /// The filesystem described by `--geometry` (or geometry.txt beside the trace) and
    /// `--mount-options` (or meta.json's `mount_opts`).
    static func filesystem(traceFile: String, geometry: String?, mountOptions: String?) throws -> Filesystem {
        let dir = CaptureFiles.directory(of: traceFile)
        let geometryPath = geometry ?? dir + "geometry.txt"
        guard let geometryText = CaptureFiles.read(geometryPath) else {
            throw CommandFailure("\(geometryPath): cannot read the filesystem geometry (give --geometry FILE with dumpe2fs -h output)")
        }
        let optionsText = mountOptions ?? CaptureFiles.read(dir + "meta.json").flatMap(CaptureFiles.mountOptions) ?? ""
        let geometry: Geometry, options: MountOptions
        do {
            geometry = try Geometry.parse(dumpe2fs: geometryText, file: geometryPath)
            options = try MountOptions.parse(optionsText)
        } catch {
            throw CommandFailure(String(describing: error))
        }
        var fs = Filesystem(geometry: geometry, options: options)
        // The kernel the capture was taken on, where ext4 differs between releases.
        if let meta = CaptureFiles.read(dir + "meta.json"), let release = KernelCapture.jsonString(meta, "kernel"),
           let kernel = KernelRelease.parse(release) { fs.kernel = kernel }
        return fs
    }

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

    /// The predicted tracepoints of a replay, as an ftrace text file would hold them.
    ///
    /// The journal's handle log is the source of every `jbd2_handle_stats` (it sees the
    /// handles a path opens and those of truncate, fallocate or inode dirtying alike), merged
    /// into the path's events by time; the path's own `jbd2_handle_stats` are left out.
    static func predictedTrace(_ replayer: Replayer, cpus: Int) -> String {
        var events = replayer.fs.predictedEvents ?? []
        if let log = replayer.fs.journal.handleLog {
            let handles = log.map { h in
                PredictedEvent(OperationContext(cpu: 0, pid: 0, timestampNs: h.timestampNs), "jbd2_handle_stats",
                               "dev {dev,} tid \(h.tid) type \(h.type.rawValue) line_no 0 interval 0 sync 0 requested_blocks \(h.requestedBlocks) dirtied_blocks \(h.dirtiedBlocks)")
            }
            events = mergedByTime(events.filter { $0.name != "jbd2_handle_stats" }, handles)
        }
        // The journal keeps no commit times: commits follow the path's events, in tid order.
        let last = events.last?.context ?? OperationContext()
        for c in replayer.fs.journal.commits {
            events.append(PredictedEvent(OperationContext(cpu: last.cpu, pid: 0, timestampNs: last.timestampNs), "jbd2_run_stats",
                                         "dev {dev,} tid \(c.tid) wait 0 request_delay 0 running 0 locked 0 flushing 0 logging 0 handle_count \(c.handles) blocks \(c.blocks) blocks_logged \(c.blocksLogged)"))
        }
        return FtraceTextWriter(device: replayer.device ?? "0:0", cpus: cpus).render(events)
    }

    /// Two event lists merged by timestamp; on a tie `a`'s event comes first.
    static func mergedByTime(_ a: [PredictedEvent], _ b: [PredictedEvent]) -> [PredictedEvent] {
        var out: [PredictedEvent] = []
        out.reserveCapacity(a.count + b.count)
        var i = 0, j = 0
        while i < a.count || j < b.count {
            if j == b.count || (i < a.count && a[i].context.timestampNs <= b[j].context.timestampNs) {
                out.append(a[i]); i += 1
            } else {
                out.append(b[j]); j += 1
            }
        }
        return out
    }

    /// Writes the predicted tracepoints of a replay as an ftrace text file.
    static func emitTrace(_ replayer: Replayer, to file: String, cpus: Int) throws {
        let text = predictedTrace(replayer, cpus: cpus)
        guard let f = fopen(file, "wb") else { throw CommandFailure("\(file): cannot create the file") }
        defer { fclose(f) }
        let bytes = Array(text.utf8)
        if fwrite(bytes, 1, bytes.count, f) != bytes.count { throw CommandFailure("\(file): write failed") }
    }
}

#if canImport(Glibc)
import Glibc
#endif
