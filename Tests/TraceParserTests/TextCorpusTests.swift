import TestSupport
import TraceParser
import XCTest

/// The text parser against every real capture in fixtures/: the kernel's own `trace` text and
/// trace-cmd's rendering of the same events must read as the same events.
final class TextCorpusTests: XCTestCase {
    let captures = Fixtures.captures().filter { !$0.hasPrefix("ext4-perf") }

    func testFixturesArePresent() {
        XCTAssertGreaterThanOrEqual(captures.count, 26, "fixtures/ should hold every corpus capture")
    }

    /// `# entries-in-buffer/entries-written: 3359/3359` is the kernel's own count of the events
    /// in the file: the reader must find exactly that many, and no line it cannot read.
    func testKernelText_readsEveryEventTheKernelCounted() throws {
        for capture in captures {
            let path = Fixtures.path("\(capture)/trace.txt.zst")
            let lines = try Fixtures.lines(path)
            let header = try XCTUnwrap(lines.first { $0.hasPrefix("# entries-in-buffer/entries-written:") }, capture)
            let counted = Int(header.split(separator: " ")[2].split(separator: "/")[0])
            let (events, diagnostics) = try Fixtures.events(path)
            XCTAssertEqual(events.count, counted, capture)
            XCTAssertEqual(diagnostics.unparsedLines, 0, "\(capture): \(diagnostics.unparsed.prefix(3))")
            XCTAssertEqual(diagnostics.cpus, 2, capture)
            XCTAssertEqual(diagnostics.genericFallbacks, 0, "\(capture): every event fits its print format")
        }
    }

    /// Per-event counts of `stats` equal a plain count of the event names the lines print, for
    /// the kernel text and for trace-cmd's report of the same capture.
    func testStats_countsEqualWhatTheLinesShow() throws {
        for capture in captures {
            for file in ["trace.txt.zst", "report.txt.zst"] {
                let path = Fixtures.path("\(capture)/\(file)")
                let expected = try NaiveCounter.countEventNames(Fixtures.lines(path))
                let summary = try TraceFile.open(path, options: TraceReadOptions(decodeFields: false)).summarize { _ in }
                XCTAssertEqual(summary.countsByName, expected, "\(capture)/\(file)")
                XCTAssertEqual(summary.diagnostics.unparsedLines, 0, "\(capture)/\(file)")
            }
        }
    }

    func testFormatDetection_tellsKernelTextFromTraceCmdReport() throws {
        let capture = "ext4-seq-write-4k"
        XCTAssertEqual(try TraceFile.open(Fixtures.path("\(capture)/trace.txt.zst")).inputFormat, .ftrace)
        XCTAssertEqual(try TraceFile.open(Fixtures.path("\(capture)/report.txt.zst")).inputFormat, .traceCmd)
        XCTAssertEqual(try TraceFile.open(Fixtures.path("ext4-perf-script/perf-script.txt.zst")).inputFormat, .perf)
    }

    /// Decoding loses nothing: each event's fields, printed again through its print format,
    /// give back the very text the kernel printed.
    func testKernelText_fieldsRenderBackToThePrintedLine() throws {
        let renderer = FtraceTextRenderer()
        for capture in captures {
            let path = Fixtures.path("\(capture)/trace.txt.zst")
            let lines = try Fixtures.lines(path)
            let (events, _) = try Fixtures.events(path)
            var mismatches: [String] = []
            for e in events {
                guard case .line(let n) = e.position else { return XCTFail("text events carry lines") }
                let original = lines[n - 1]
                guard let bodyStart = original.firstRange(of: ": \(e.system == "syscalls" ? "sys_" : e.name)") else {
                    mismatches.append("line \(n): event name not found"); continue
                }
                let printed = String(original[original.index(bodyStart.lowerBound, offsetBy: 2)...])
                let rendered = String(renderer.line(e).split(separator: ": ", maxSplits: 1)[1])
                if rendered.trimmingTrailingSpaces != printed.trimmingTrailingSpaces,
                   !RoundTripExceptions.allows(e, printed: printed, rendered: rendered) {
                    mismatches.append("line \(n):\n  printed  \(printed)\n  rendered \(rendered)")
                }
            }
            XCTAssertEqual(mismatches.count, 0, "\(capture):\n" + mismatches.prefix(5).joined(separator: "\n"))
        }
    }

    /// trace-cmd's report of a capture decodes to the same events as the kernel's text, field
    /// by field, except where trace-cmd prints less than the kernel (see `ReportDifferences`).
    func testReportText_eventsEqualKernelText() throws {
        for capture in captures {
            let (kernel, _) = try Fixtures.events(Fixtures.path("\(capture)/trace.txt.zst"))
            let (report, _) = try Fixtures.events(Fixtures.path("\(capture)/report.txt.zst"))
            XCTAssertEqual(kernel.count, report.count, capture)
            // The tracefs instance the capture was extracted from (`corpus`, or the recorder's own).
            let instance = report.first?.instance
            XCTAssertNotNil(instance, capture)
            var differences: [String] = []
            for (k, r) in zip(kernel, report) {
                guard k.name == r.name, k.timestampNs == r.timestampNs, k.cpu == r.cpu, k.pid == r.pid,
                      k.comm == r.comm, k.system == r.system else {
                    differences.append("\(k.position): \(k.name)@\(k.timestampNs) vs \(r.name)@\(r.timestampNs)")
                    continue
                }
                XCTAssertEqual(r.instance, instance)
                let kf = ReportDifferences.comparable(k), rf = ReportDifferences.comparable(r)
                if kf != rf {
                    let changed = zip(kf, rf).filter { $0 != $1 }.map { "\($0.name)=\($0.value) vs \($1.value)" }
                    differences.append("\(k.position) \(k.name): \(changed.joined(separator: ", "))")
                }
            }
            XCTAssertEqual(differences.count, 0, "\(capture):\n" + differences.prefix(5).joined(separator: "\n"))
        }
    }
}

/// Counts event names with nothing but string splitting: the independent oracle for `stats`.
enum NaiveCounter {
    static func countEventNames(_ lines: [String]) -> [String: Int] {
        var counts: [String: Int] = [:]
        for line in lines where !line.hasPrefix("#") && !line.hasPrefix("cpus=") {
            // "... [000] .....  2025.835764: name: ..." — the name follows the first ": " after
            // the CPU column's "] ".
            guard let cpuEnd = line.firstRange(of: "] "),
                  let tsEnd = line[cpuEnd.upperBound...].firstRange(of: ": ") else { continue }
            var rest = line[tsEnd.upperBound...].drop(while: { $0 == " " })
            if let colon = rest.firstIndex(of: ":"), !rest[..<colon].contains(" "), !rest[..<colon].contains("("),
               rest[rest.index(after: colon)...].first != " " {
                rest = rest[rest.index(after: colon)...]           // perf: "system:event:"
            }
            let name = rest.prefix(while: { $0.isLetter || $0.isNumber || $0 == "_" })
            let after = rest.dropFirst(name.count)
            if after.hasPrefix("(") { counts["sys_enter_" + name.dropFirst(4), default: 0] += 1 }
            else if after.hasPrefix(" -> ") { counts["sys_exit_" + name.dropFirst(4), default: 0] += 1 }
            else if after.hasPrefix(":") { counts[String(name), default: 0] += 1 }
        }
        return counts
    }
}

/// Where the kernel's text and trace-cmd's report legitimately differ, field by field.
enum ReportDifferences {
    /// Fields trace-cmd 3.1.6 prints differently from the kernel, and why.
    static let unrenderable: [String: (fields: Set<String>, why: String)] = [
        "writeback_dirty_inode_start": (["state", "flags"], "I_DIRTY_* are `1 << __I_DIRTY_*` enum shifts trace-cmd cannot resolve: it prints hex or wrong names"),
        "writeback_single_inode": (["state", "age"], "I_SYNC and friends: enum shifts, as above; `age` is computed from the kernel's `jiffies`, which the record does not hold"),
        "writeback_single_inode_start": (["state"], "enum shifts, as above"),
        "jbd2_run_stats": (["wait", "request_delay", "running", "locked", "flushing", "logging"], "jiffies_to_msecs(): the kernel prints ms, trace-cmd raw jiffies"),
        "jbd2_checkpoint_stats": (["chp_time"], "jiffies_to_msecs(), as above"),
        "iomap_iter": (["ops"], "%ps of an ops table: the kernel prints the raw address, trace-cmd the nearest kallsyms symbol"),
        "block_rq_issue": (["ioprio"], "IOPRIO_PRIO_CLASS(): the kernel prints the class name (`be`), trace-cmd its number (`0x2`)"),
        "block_rq_complete": (["ioprio"], "IOPRIO_PRIO_CLASS(), as above"),
    ]

    /// The fields to compare: `%pS` callers without the `/0xsize` that trace-cmd omits, and
    /// without the fields of `unrenderable`.
    static func comparable(_ e: TraceEvent) -> [EventField] {
        let skip = unrenderable[e.name]?.fields ?? []
        return e.fields.compactMap { f in
            if skip.contains(f.name) { return nil }
            if case .string(let s) = f.value, let slash = s.lastIndex(of: "/"), s.contains("+0x"),
               s[s.index(after: slash)...].hasPrefix("0x") {
                return EventField(f.name, .string(String(s[..<slash])))
            }
            return f
        }
    }
}

/// Events whose printed text cannot be rebuilt from their fields, and why.
enum RoundTripExceptions {
    static func allows(_ e: TraceEvent, printed: String, rendered: String) -> Bool {
        // block_rq_*: `be,0,4` prints the ioprio class, hint and level — three values derived
        // from one `ioprio` field, of which the decoder keeps the class name.
        if e.system == "block" { return true }
        // `flags %s (0x%x)`: a field printed both as symbols and as a number keeps the number;
        // the symbols are the renderer's to evaluate, which the text path does not do.
        guard let format = FormatRegistry.bundled.format(named: e.name), let pf = format.printFormat else { return false }
        var symbolic = Set<String>(), raw = Set<String>()
        for a in pf.arguments {
            switch a.role {
            case .symbolic(let f): symbolic.insert(f)
            case .field(let f): raw.insert(f)
            default: break
            }
        }
        return !symbolic.isDisjoint(with: raw)
    }
}

extension String {
    var trimmingTrailingSpaces: Substring {
        var s = Substring(self)
        while s.last == " " { s.removeLast() }
        return s
    }
}
