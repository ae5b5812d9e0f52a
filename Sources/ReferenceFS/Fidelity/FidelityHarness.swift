import TraceParser

/// Replays a capture directory (trace.txt.zst, trace.dat or trace.txt; geometry.txt, meta.json,
/// extents.txt) through one model and scores the prediction.
public enum FidelityHarness {
    /// Replays the capture in `dir` through `path` (buffer_head by default, whichever path the
    /// capture ran) and scores it: extents, journal, and the series' four `ext4_iomap_*` events
    /// (counts and fields, call by call; the model's come from its predicted trace).
    /// `truthDirectory`: score against another capture's ground truth (its extents.txt and
    /// kernel events) — the other path's capture of the same workload, for cross-path checks.
    /// `events`: the capture's events already decoded (a test's cache), instead of its trace.
    public static func evaluate(captureDirectory dir: String, path: any BufferedIOPath = BufferHeadPath(),
                                truthDirectory: String? = nil, checkInvariants: Bool = false,
                                events: [TraceEvent]? = nil) throws -> FidelityRow {
        let capture = CaptureDirectory(dir)
        let base = capture.prefix
        let name = String(base.dropLast().split(separator: "/").last ?? "")
        guard let geometryText = capture.geometryText,
              let extentsText = CaptureDirectory.readText(capture.extentsPath) else {
            throw ModelError(.groundTruth, file: base, "missing geometry.txt or extents.txt")
        }
        let geometry = try Geometry.parse(dumpe2fs: geometryText, file: capture.geometryPath)
        let meta = capture.meta
        let options = try MountOptions.parse(meta?.mountOptions ?? "")
        var truth = GroundTruth()
        truth.extents = try GroundTruth.parseExtents(extentsText, file: capture.extentsPath)
        var fs = Filesystem(geometry: geometry, options: options)
        if let release = meta?.kernel, let kernel = KernelRelease.parse(release) { fs.kernel = kernel }
        fs.trace = []
        var replayer = Replayer(filesystem: fs, path: path)
        replayer.checksInvariants = checkInvariants
        if let events {
            for e in events {
                truth.note(e)
                replayer.consume(e)
            }
        } else {
            guard let trace = capture.traceFile else { throw ModelError(.groundTruth, file: base, "no trace.txt.zst, trace.dat or trace.txt") }
            let source = try TraceFile.open(trace)
            while let e = try source.next() {
                truth.note(e)
                replayer.consume(e)
            }
        }
        let result = replayer.finish()
        if let other = truthDirectory { truth = try groundTruth(captureDirectory: other) }
        var row = score(result, against: truth, capture: name)
        row.model = path.name
        row.iomapEvents = IomapCall.score(predicted: replayer.fs.trace ?? [], kernel: truth.iomapCalls)
        return row
    }

    /// The kernel's side of a capture alone: debugfs's extents and the kernel's own events.
    public static func groundTruth(captureDirectory dir: String) throws -> GroundTruth {
        let capture = CaptureDirectory(dir)
        var truth = GroundTruth()
        truth.extents = try GroundTruth.parseExtents(CaptureDirectory.readText(capture.extentsPath) ?? "", file: capture.extentsPath)
        guard let trace = capture.traceFile else { throw ModelError(.groundTruth, file: capture.prefix, "no trace") }
        let source = try TraceFile.open(trace)
        while let e = try source.next() { truth.note(e) }
        return truth
    }

    public static func score(_ result: ReplayResult, against truth: GroundTruth, capture: String) -> FidelityRow {
        var row = FidelityRow(capture: capture)
        let predicted = Dictionary(uniqueKeysWithValues: result.inodes.map { ($0.ino, $0.extents) })
        for (ino, real) in truth.extents {
            row.files += 1
            let mine = predicted[ino] ?? []
            let logical = { (x: [Extent]) in x.map { [UInt64($0.logicalBlock), UInt64($0.lengthBlocks), $0.isUnwritten ? 1 : 0] } }
            if logical(mine) == logical(real) {
                row.logicalExact += 1
                if mine.map(\.physicalBlock) == real.map(\.physicalBlock) { row.physicalExact += 1 }
            }
        }
        row.predictedHandles = result.handlesByTypeNumber
        row.kernelHandles = truth.journal.handlesByType
        row.predictedCommits = result.commits
        row.kernelCommits = truth.journal.commits
        row.predictedBlocksLogged = result.blocksLogged
        row.kernelBlocksLogged = Int(truth.journal.blocksLogged)
        row.predictedCredits = result.creditsRequested
        row.kernelCredits = truth.journal.creditsAsked
        return row
    }
}
