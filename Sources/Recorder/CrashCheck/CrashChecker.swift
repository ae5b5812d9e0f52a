#if canImport(Glibc)
import Glibc
#endif
import TraceParser

/// Checks a dm-log-writes crash log: replays it onto an image that starts as the old pattern
/// (like xfstests' replay-log onto a fresh device), and at every crash point recovers the
/// filesystem (`RecoveredFilesystem`) and reads every file against the patterns
/// (`CrashPattern`) and the fsync promises made so far (`FsyncPromises`).
public struct CrashChecker {
    public var logPath: String
    public var capture: CrashLogCapture
    /// Where the expanded log, the replay image and each point's recovered copy go.
    public var scratchDirectory: String
    /// Called after each checked point: (points checked, entry index, entries).
    public var progress: (Int, Int, Int) -> Void = { _, _, _ in }

    public init(logPath: String, capture: CrashLogCapture, scratchDirectory: String) {
        self.logPath = logPath
        self.capture = capture
        self.scratchDirectory = scratchDirectory
    }

    /// Reads `DIR/meta.json` and `DIR/log-writes.zst`.
    public static func forCapture(directory: String, scratchDirectory: String) throws -> CrashChecker {
        let metaPath = directory + "/" + CaptureDirectory.FileName.meta
        guard let meta = try? readWholeFile(metaPath) else { throw CrashLogError(.badCapture, metaPath, "cannot read") }
        let capture = try CrashLogCapture.parse(String(decoding: meta, as: UTF8.self), file: metaPath)
        return CrashChecker(logPath: directory + "/log-writes.zst", capture: capture, scratchDirectory: scratchDirectory)
    }

    public func run() throws -> CrashCheckReport {
        var logFile = logPath
        if logPath.hasSuffix(".zst") {
            logFile = scratchDirectory + "/log"
            try ZstdFileStream.decompress(logPath, to: logFile)
        }
        defer { if logFile != logPath { unlink(logFile) } }
        let reader = try LogWritesReader(path: logFile)
        let (entries, damage) = reader.readEntries()
        let image = scratchDirectory + "/replay.img"
        try LogWritesReplayer.makeInitialImage(path: image, bytes: capture.dataBytes)
        defer { unlink(image) }

        var promises = FsyncPromises()
        var formatted = false
        var changed = false
        var points = 0
        var violations: [CrashViolation] = []
        var fsckFailures: [(Int, String)] = []
        var finalFiles: [(String, UInt64, UInt64, UInt64)] = []
        var byEntry: [Int: LogWritesEntry] = [:]
        for e in entries where e.markName != nil { byEntry[e.index] = e }
        var nextMark = 0
        let markIndices = byEntry.keys.sorted()

        try LogWritesReplayer(imagePath: image).replay(entries, from: reader) { point in
            // Marks up to this point (marks are never crash points themselves).
            while nextMark < markIndices.count && markIndices[nextMark] <= point.index {
                let m = markIndices[nextMark]
                if let name = byEntry[m]?.markName {
                    if name == "mkfs" { formatted = true }
                    promises.apply(mark: name, entry: m)
                }
                nextMark += 1
                changed = true
            }
            guard formatted else { return }
            changed = changed || point.sectorCount > 0 || points == 0
            guard changed else { return }
            changed = false
            points += 1
            let fs = try RecoveredFilesystem.recover(image: image, scratch: scratchDirectory)
            if let problem = fs.fsckProblem { fsckFailures.append((point.index, "e2fsck exit \(fs.fsckStatus): \(problem)")) }
            violations += Self.check(fs, promises: promises, point: point.index).map {
                Self.explained($0, in: fs, entries: entries, sectorBytes: reader.header.sectorBytes)
            }
            finalFiles = fs.files.map { ($0.name, $0.inode, $0.size, Self.ownDataBytes($0)) }
            progress(points, point.index, entries.count)
        } dataChanged: { changed = true }

        return CrashCheckReport(capture: capture, logPath: logPath, entries: entries.count, crashPoints: points,
                                marks: promises.marks, violations: violations, fsckFailures: fsckFailures,
                                finalFiles: finalFiles, damage: damage.map { "\($0)" })
    }

    /// Bytes of `file` (inside its size) that hold its own data at the right offset.
    static func ownDataBytes(_ file: RecoveredFilesystem.File) -> UInt64 {
        guard file.name.hasPrefix("f"), let id = UInt32(file.name.dropFirst()) else { return 0 }
        var n: UInt64 = 0
        let sectors = min(UInt64(file.contents.count), file.size) / 512
        for s in 0..<Int(sectors) {
            if case .data(id, _, UInt64(s * 512)) = CrashPattern.classify(file.contents[(s * 512)..<(s * 512 + 512)]) { n += 512 }
        }
        return n
    }

    /// The violations in one recovered filesystem.
    public static func check(_ fs: RecoveredFilesystem, promises: FsyncPromises, point: Int) -> [CrashViolation] {
        var out: [CrashViolation] = []
        var seen = Set<UInt32>()
        for file in fs.files {
            guard file.name.hasPrefix("f"), let id = UInt32(file.name.dropFirst()) else { continue }
            seen.insert(id)
            out += check(file, id: id, promise: promises.byFile[id], point: point, blockBytes: fs.blockBytes)
        }
        for (id, p) in promises.byFile.sorted(by: { $0.key < $1.key }) where !seen.contains(id) && p.sizeBytes > 0 {
            out.append(CrashViolation(kind: .lostFsync, file: "f\(id)", inode: 0, firstBlock: 0,
                                      lastBlock: (p.sizeBytes - 1) / 4096, point: point,
                                      explanation: "f\(id) is missing, but an fsync returned at entry \(p.markEntry) with \(p.sizeBytes) bytes"))
        }
        return out
    }

    static func check(_ file: RecoveredFilesystem.File, id: UInt32, promise: FsyncPromises.Promise?, point: Int,
                      blockBytes: UInt64 = 4096) -> [CrashViolation] {
        let sectorsPerBlock = max(1, blockBytes / 512)
        var out: [CrashViolation] = []
        if let p = promise, file.size < p.sizeBytes {
            out.append(CrashViolation(kind: .lostFsync, file: file.name, inode: file.inode, firstBlock: file.size / blockBytes,
                                      lastBlock: (p.sizeBytes - 1) / blockBytes, point: point,
                                      explanation: "recovered size \(file.size) < \(p.sizeBytes), fsync'd before entry \(p.markEntry)"))
        }
        // Runs of sectors with the same finding, reported as file blocks.
        var run: (kind: CrashViolation.Kind, why: String, first: UInt64, last: UInt64)?
        func flush() {
            guard let r = run else { return }
            out.append(CrashViolation(kind: r.kind, file: file.name, inode: file.inode, firstBlock: r.first / sectorsPerBlock,
                                      lastBlock: r.last / sectorsPerBlock, point: point,
                                      explanation: "bytes \(r.first * 512)..<\((r.last + 1) * 512): \(r.why)"))
            run = nil
        }
        let sectors = min(UInt64(file.contents.count), file.size) / 512
        var s: UInt64 = 0
        while s < sectors {
            let start = Int(s) * 512
            let finding = classify(CrashPattern.classify(file.contents[start..<(start + 512)]), id: id,
                                   offset: s * 512, promise: promise)
            if let (kind, why) = finding {
                if let r = run, r.kind == kind, r.why == why, r.last + 1 == s { run?.last = s } else { flush(); run = (kind, why, s, s) }
            } else {
                flush()
            }
            s += 1
        }
        flush()
        return out
    }

    /// Adds the causal chain in block terms: where the recovered extent tree maps the blocks
    /// (written or unwritten — what the last commit before the point recorded), and the first
    /// log entry after the point that writes them (dm-log-writes logs a write when it completes,
    /// log_writes_end_io(), so that is when the data I/O finished).
    static func explained(_ v: CrashViolation, in fs: RecoveredFilesystem, entries: [LogWritesEntry],
                          sectorBytes: Int) -> CrashViolation {
        guard let file = fs.files.first(where: { $0.name == v.file }) else { return v }
        var parts: [String] = []
        var sectors: [(UInt64, UInt64)] = []                 // device sector ranges [start, end)
        let perBlock = fs.blockBytes / UInt64(sectorBytes)
        for e in file.extents where e.logical <= v.lastBlock && e.logical + e.length > v.firstBlock {
            let from = max(e.logical, v.firstBlock), to = min(e.logical + e.length - 1, v.lastBlock)
            let p0 = e.physical + (from - e.logical), p1 = e.physical + (to - e.logical)
            parts.append("blocks \(from)-\(to) mapped \(e.unwritten ? "unwritten" : "written") at physical \(p0)-\(p1)")
            sectors.append((p0 * perBlock, (p1 + 1) * perBlock))
        }
        if parts.isEmpty { parts.append("no extent maps these blocks (a hole)") }
        if !sectors.isEmpty {
            func writes(_ e: LogWritesEntry) -> Bool {
                e.sectorCount > 0 && !e.flags.contains(.discard) &&
                    sectors.contains { e.sector < $0.1 && e.sector + e.sectorCount > $0.0 }
            }
            let later = v.point + 1 < entries.count ? entries[(v.point + 1)...].first(where: writes) : nil
            let earlier = entries[...min(v.point, entries.count - 1)].last(where: writes)
            if let later {
                parts.append("the next data write to them completes at entry \(later.index), after this crash point")
            } else if let earlier {
                parts.append("their last write completed at entry \(earlier.index), before this point")
            }
            if file.extents.contains(where: { $0.unwritten && $0.logical <= v.lastBlock && $0.logical + $0.length > v.firstBlock }) {
                parts.append("unwritten extents read as zeros until their conversion commits")
            }
        }
        var out = v
        out.explanation += "; " + parts.joined(separator: "; ")
        return out
    }

    /// What one sector of file `id` at `offset` means, or nil when it is the file's own data.
    static func classify(_ content: CrashPattern.Content, id: UInt32, offset: UInt64,
                         promise: FsyncPromises.Promise?) -> (CrashViolation.Kind, String)? {
        switch content {
        case .data(let file, _, let at) where file == id && at == offset:
            return nil
        case .data(let file, _, _) where file == id:
            return (.staleData, "this file's own data from another offset")
        case .data(let file, _, _):
            return (.staleData, "file f\(file)'s data")
        case .old:
            return (.staleData, "the device's old content")
        case .foreign:
            return (.staleData, "neither data nor the old pattern (metadata or a torn write)")
        case .zeros:
            if let p = promise, offset < p.dataBytes {
                return (.lostFsync, "zeros where data was fsync'd before entry \(p.markEntry)")
            }
            return (.sizePastData, "zeros: this file's data not durable yet")
        }
    }
}
