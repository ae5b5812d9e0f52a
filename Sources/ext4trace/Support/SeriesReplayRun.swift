import ReferenceFS
import TraceParser

/// One pass over a trace that replays it under the iomap-series models (and counts what the
/// captured kernel itself did, for the side-by-side view).
struct SeriesReplayRun {
    var paths: [IomapPath]
    var observed = ObservedKernel()
    var cpus = 2

    /// Replays `source` under `schemes`; `recordEvents` keeps the predicted tracepoints.
    static func run(_ source: any TraceEventSource, schemes: [WritebackScheme], geometry: SeriesGeometry,
                    recordEvents: Bool) throws -> SeriesReplayRun {
        var run = SeriesReplayRun(paths: schemes.map {
            IomapPath(scheme: $0, geometry: geometry, recordEvents: recordEvents)
        })
        var extractor = SeriesOperationExtractor()
        var progress = ProgressBar(label: "replay", total: source.progress.total)
        var n = 0
        while let e = try source.next() {
            run.observed.note(e)
            for op in extractor.consume(e) {
                for i in run.paths.indices { run.paths[i].apply(op) }
            }
            n += 1
            if n & 0xFFFF == 0 { progress.update(source.progress.done) }
        }
        for op in extractor.finish() {
            for i in run.paths.indices { run.paths[i].apply(op) }
        }
        progress.finish()
        run.cpus = source.diagnostics.cpus ?? 2
        return run
    }
}

/// What the captured (unpatched, buffer_head) kernel did, read from its own decision events —
/// shown beside the predictions, never fed to them.
struct ObservedKernel {
    var writeBegins = 0
    var pwrites = 0
    var daExtents = 0
    /// Blocks the buffer_head write path mapped (`ext4_da_get_block_prep` inserting a delayed
    /// block: `ext4_es_insert_delayed_extent`).
    var delayedInserts = 0
    var handlesByType: [Int: Int] = [:]
    var credits = 0
    var commits = 0
    var blocksLogged = 0
    var conversions = 0
    var bytesWritten: UInt64 = 0

    mutating func note(_ e: TraceEvent) {
        switch e.name {
        case "ext4_da_write_begin", "ext4_write_begin": writeBegins += 1
        case "sys_enter_pwrite64", "sys_enter_write", "sys_enter_pwritev":
            pwrites += 1
            bytesWritten += e["count"]?.uint ?? 0
        case "ext4_da_write_pages_extent": daExtents += 1
        case "ext4_es_insert_delayed_extent": delayedInserts += 1
        case "jbd2_handle_stats":
            if let t = e["type"]?.int { handlesByType[Int(t), default: 0] += 1 }
            credits += Int(e["requested_blocks"]?.int ?? 0)
        case "jbd2_run_stats":
            commits += 1
            blocksLogged += Int(e["blocks_logged"]?.int ?? 0)
        case "ext4_ext_handle_unwritten_extents":
            if let f = e["flags"]?.string, f.contains("CONVERT") { conversions += 1 }
        default: break
        }
    }
}
