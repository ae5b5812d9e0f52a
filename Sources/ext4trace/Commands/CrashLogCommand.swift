import ArgumentParser
#if canImport(Glibc)
import Glibc
#endif
import Recorder
import TraceParser

/// `ext4trace crashlog DIR`: the real kernel's crash states, from a `record --crash-log` capture.
struct CrashLogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "crashlog",
        abstract: "Replay a dm-log-writes crash log to every flush/FUA and check each recovered filesystem (e2fsck, debugfs).",
        discussion: """
        DIR is a `record --crash-log` capture (log-writes.zst and meta.json). The log is replayed onto an image that starts as the data device did (the old pattern); after every FLUSH or FUA entry (a crash point) a copy is recovered with `e2fsck -fy` and every file is read with debugfs and classified sector by sector: stale_data (the device's old content, another file's data or metadata inside the recovered size), size_past_data (zeros where the file's data was not durable yet: allowed), lost_fsync (an fsync that returned before the point, per the workload's marks, whose size or data is not there). Needs e2fsck and debugfs, not root.
        """)

    @Argument(help: "A record --crash-log capture directory.")
    var directory: String

    @Option(help: "text or json.")
    var format: String = "text"

    @Option(help: ArgumentHelp("Also write the JSON verdict to this file.", valueName: "file"))
    var json: String?

    func validate() throws {
        if format != "text" && format != "json" { throw ValidationError("--format must be text or json") }
    }

    func run() throws {
        var template = Array("/tmp/ext4trace-crashlog-XXXXXX".utf8CString)
        guard template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) != nil else {
            Console.error("crashlog: cannot create a scratch directory in /tmp")
            throw ExitCode(2)
        }
        let scratch = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        defer { removeScratch(scratch) }
        do {
            var checker = try CrashChecker.forCapture(directory: directory, scratchDirectory: scratch)
            checker.progress = { points, entry, entries in
                if points % 25 == 0 { Console.stderrLine("crashlog: \(points) crash points checked (entry \(entry) of \(entries))") }
            }
            let report = try checker.run()
            Console.write(format == "json" ? CrashLogRendering.json(report) : CrashLogRendering.text(report))
            if let json {
                guard let f = fopen(json, "w") else { throw CrashLogError(.io, json, "cannot create") }
                fputs(CrashLogRendering.json(report), f)
                fclose(f)
            }
            Console.flush()
        } catch let e as CrashLogError {
            Console.error("crashlog: " + e.description)
            throw ExitCode(2)
        } catch let e as RecorderError {
            Console.error("crashlog: " + e.description)
            throw ExitCode(2)
        }
    }

    func removeScratch(_ path: String) {
        if let dir = opendir(path) {
            while let e = readdir(dir) {
                let name = withUnsafeBytes(of: e.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
                if name != "." && name != ".." { unlink(path + "/" + name) }
            }
            closedir(dir)
        }
        rmdir(path)
    }
}

/// The text and JSON forms of a crash-log verdict.
enum CrashLogRendering {
    static func text(_ r: CrashCheckReport) -> String {
        var out = "crash log: \(r.logPath)\nkernel \(r.capture.kernel), mount options \"\(r.capture.mountOptions)\", workload \(r.capture.workload)\n"
        out += "entries: \(r.entries), crash points checked: \(r.crashPoints), fsync marks: \(r.marks)\n"
        out += "violations: stale_data \(r.count(.staleData)), lost_fsync \(r.count(.lostFsync)), size_past_data \(r.count(.sizePastData))"
        out += " (crash points with each: \(pointsWith(.staleData, r)), \(pointsWith(.lostFsync, r)), \(pointsWith(.sizePastData, r)))\n"
        if let d = r.damage { out += "log damaged: \(d)\n" }
        for f in r.finalFiles {
            out += "at the last point: \(f.name) (inode \(f.inode)) size \(f.sizeBytes), \(f.dataBytes) bytes of its own data\n"
        }
        for f in r.fsckFailures { out += "e2fsck failed at entry \(f.point): \(f.problem)\n" }
        // The same finding usually persists over many points: print each once, with its first point.
        var seen: [String: (CrashViolation, Int)] = [:]
        var order: [String] = []
        for v in r.violations {
            let key = "\(v.kind.rawValue) \(v.file) \(v.firstBlock)-\(v.lastBlock) \(v.explanation)"
            if let s = seen[key] { seen[key] = (s.0, s.1 + 1) } else { seen[key] = (v, 1); order.append(key) }
        }
        for key in order {
            guard let (v, n) = seen[key] else { continue }
            out += "\(v.kind.rawValue): \(v.file) (inode \(v.inode)) blocks \(v.firstBlock)-\(v.lastBlock) at entry \(v.point)"
            out += (n > 1 ? " and \(n - 1) later points" : "") + ": \(v.explanation)\n"
        }
        return out
    }

    static func pointsWith(_ kind: CrashViolation.Kind, _ r: CrashCheckReport) -> Int {
        Set(r.violations.filter { $0.kind == kind }.map(\.point)).count
    }

    static func json(_ r: CrashCheckReport) -> String {
        var w = JSONWriter()
        w.objectStart()
        w.key("model"); w.string("kernel")
        w.key("kernel"); w.string(r.capture.kernel)
        w.key("mount_opts"); w.string(r.capture.mountOptions)
        w.key("workload"); w.string(r.capture.workload)
        w.key("entries"); w.int(r.entries)
        w.key("crash_points"); w.int(r.crashPoints)
        w.key("counts"); w.objectStart()
        for k in CrashViolation.Kind.allCases { w.key(k.rawValue); w.int(r.count(k)) }
        w.objectEnd()
        w.key("violations"); w.arrayStart()
        for v in r.violations {
            w.objectStart()
            w.key("kind"); w.string(v.kind.rawValue)
            w.key("file"); w.string(v.file)
            w.key("ino"); w.int(v.inode)
            w.key("blocks"); w.arrayStart(); w.int(v.firstBlock); w.int(v.lastBlock); w.arrayEnd()
            w.key("point"); w.int(v.point)
            w.key("explanation"); w.string(v.explanation)
            w.objectEnd()
        }
        w.arrayEnd()
        w.key("fsck_failures"); w.int(r.fsckFailures.count)
        if let d = r.damage { w.key("damage"); w.string(d) }
        w.objectEnd()
        return String(decoding: w.bytes, as: UTF8.self) + "\n"
    }
}
