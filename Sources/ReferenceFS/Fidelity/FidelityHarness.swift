import Glibc
import TraceParser

/// Replays a capture directory (trace.txt.zst, trace.dat or trace.txt; geometry.txt, meta.json,
/// extents.txt) through one model and scores the prediction.
public enum FidelityHarness {
    /// The capture's trace: the corpus's `trace.txt.zst`, else `record`'s `trace.dat` (7.3's
    /// text lines carry lazy-preemption flags), else `trace.txt`.
    public static func traceFile(in base: String) -> String? {
        for name in ["trace.txt.zst", "trace.dat", "trace.txt"] where access(base + name, F_OK) == 0 { return base + name }
        return nil
    }

    /// Replays the capture in `dir` through `path` (buffer_head by default, whichever path the
    /// capture ran) and scores it: extents, journal, and the series' four `ext4_iomap_*` events
    /// (counts and fields, call by call; the model's come from its predicted trace).
    /// `truthDirectory`: score against another capture's ground truth (its extents.txt and
    /// kernel events) — the other path's capture of the same workload, for cross-path checks.
    public static func evaluate(captureDirectory dir: String, path: any BufferedIOPath = BufferHeadPath(),
                                truthDirectory: String? = nil, checkInvariants: Bool = false) throws -> FidelityRow {
        let base = dir.hasSuffix("/") ? dir : dir + "/"
        let name = String(base.dropLast().split(separator: "/").last ?? "")
        guard let geometryText = readTextFile(base + "geometry.txt"),
              let extentsText = readTextFile(base + "extents.txt") else {
            throw ModelError(.groundTruth, file: base, "missing geometry.txt or extents.txt")
        }
        let geometry = try Geometry.parse(dumpe2fs: geometryText, file: base + "geometry.txt")
        let options = try MountOptions.parse(readTextFile(base + "meta.json").flatMap(mountOptions(inMetaJSON:)) ?? "")
        var truth = GroundTruth()
        truth.extents = try GroundTruth.parseExtents(extentsText, file: base + "extents.txt")
        var fs = Filesystem(geometry: geometry, options: options)
        if let meta = readTextFile(base + "meta.json"), let release = KernelCapture.jsonString(meta, "kernel"),
           let kernel = KernelRelease.parse(release) { fs.kernel = kernel }
        fs.predictedEvents = []
        var replayer = Replayer(filesystem: fs, path: path)
        replayer.checksInvariants = checkInvariants
        guard let trace = traceFile(in: base) else { throw ModelError(.groundTruth, file: base, "no trace.txt.zst, trace.dat or trace.txt") }
        let source = try TraceFile.open(trace)
        while let e = try source.next() {
            truth.note(e)
            replayer.consume(e)
        }
        let result = replayer.finish()
        if let other = truthDirectory { truth = try groundTruth(captureDirectory: other) }
        var row = score(result, against: truth, capture: name)
        row.model = path.name
        row.iomapEvents = IomapCall.score(predicted: replayer.fs.predictedEvents ?? [], kernel: truth.iomapCalls)
        return row
    }

    /// The kernel's side of a capture alone: debugfs's extents and the kernel's own events.
    public static func groundTruth(captureDirectory dir: String) throws -> GroundTruth {
        let base = dir.hasSuffix("/") ? dir : dir + "/"
        var truth = GroundTruth()
        truth.extents = try GroundTruth.parseExtents(readTextFile(base + "extents.txt") ?? "", file: base + "extents.txt")
        guard let trace = traceFile(in: base) else { throw ModelError(.groundTruth, file: base, "no trace") }
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
        row.predictedHandles = Dictionary(uniqueKeysWithValues: result.handlesByType.map { ($0.key.rawValue, $0.value) })
        row.kernelHandles = truth.handlesByType
        row.predictedCommits = result.commits
        row.kernelCommits = truth.commits
        row.predictedBlocksLogged = result.blocksLogged
        row.kernelBlocksLogged = truth.blocksLogged
        row.predictedCredits = result.creditsRequested
        row.kernelCredits = truth.creditsRequested
        return row
    }

    /// The `"mount_opts": "..."` value of a capture's meta.json.
    public static func mountOptions(inMetaJSON json: String) -> String? {
        string("mount_opts", inMetaJSON: json)
    }

    /// The string value of `key` in meta.json (`"mkfs_opts": "-b 1024"`), or nil.
    public static func string(_ key: String, inMetaJSON json: String) -> String? {
        guard let r = json.firstRange(of: "\"\(key)\"") else { return nil }
        let rest = json[r.upperBound...].drop { $0 == " " || $0 == ":" }
        guard rest.first == "\"" else { return nil }
        return String(rest.dropFirst().prefix { $0 != "\"" })
    }

    /// A small text file's contents (at most 16 MiB), or nil.
    public static func readTextFile(_ path: String) -> String? {
        guard let f = fopen(path, "r") else { return nil }
        defer { fclose(f) }
        var bytes: [UInt8] = []
        var buf = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = fread(&buf, 1, buf.count, f)
            if n <= 0 { break }
            bytes += buf[0..<n]
            if bytes.count > 16 << 20 { return nil }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
