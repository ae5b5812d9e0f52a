import TestSupport
import TraceParser
import XCTest

/// `EventLineFormatter` writes bytes straight from each event with per-type plans; its output
/// must equal, byte for byte, the simple writers it replaced (`JSONWriter` per event, `String`
/// per field), kept below as the reference.
final class EventLineFormatterTests: XCTestCase {
    /// Text, trace-cmd report, perf script and trace.dat inputs, unparsed lines included.
    static let inputs = [
        "ext4-append-fsync/trace.txt.zst", "ext4-append-fsync/trace.dat", "ext4-append-fsync/report.txt.zst",
        "ext4-perf-script/perf-script.txt.zst", "xfs-seq-write-1k/trace.txt.zst", "ext4-truncate/trace.txt.zst", "xfs-seq-write-1k/trace.dat",
        "fuzz-seeds/ftrace.txt", "fuzz-seeds/perf.txt", "fuzz-seeds/report.txt",
    ]

    func testJSONLinesAndCSV_equalTheReferenceOnFixtures() throws {
        for input in Self.inputs {
            let (events, _) = try Fixtures.events(Fixtures.path(input))
            XCTAssertFalse(events.isEmpty, input)
            assertSameOutput(events, input)
        }
    }

    func testUnparsedLines_keepTheLineNumbersOfTheEventsAround() throws {
        let lines = try Fixtures.lines(Fixtures.path("ext4-append-fsync/trace.txt.zst"))
        let text = lines.prefix(40).joined(separator: "\n") + "\nnot an event, \"quoted\"\n\u{01}\n" + lines.dropFirst(40).joined(separator: "\n") + "\n"
        let (events, diagnostics) = try Fixtures.events(temporaryFile(text))
        XCTAssertEqual(diagnostics.unparsedLines, 2)
        assertSameOutput(events, "unparsed lines")
    }

    func testEdgeCases_escapingNegativeNumbersMissingFieldsAndPositions() {
        let base = TraceEvent(timestampNs: 2027_501624784, timestampDigits: 9, cpu: 0, pid: 3603, comm: "xfs_io",
                              system: "ext4", name: "ext4_mark_inode_dirty",
                              fields: [EventField("dev", .string("7:1")), EventField("ino", .uint(12))], position: .record(19))
        var events = [base]
        var e = base
        // Strings that need JSON escaping and CSV quoting, in fields, comm and instance.
        e.fields = [EventField("dev", .string("a\"b\\c\nd\re\tf\u{01}g\u{1f}")), EventField("ino", .string("x,y")),
                    EventField("na\"me", .string("é ü 漢 \u{7f}")), EventField("crlf", .string("a\r\nb")),
                    EventField("mark", .string("\"\u{301}")), EventField("comma", .string(",\u{301}"))]
        e.comm = "a,\"b\""
        e.instance = "in\"st"
        events.append(e)
        // Negative and extreme numbers.
        e = base
        e.fields = [EventField("ret", .int(-28)), EventField("min", .int(Int64.min)), EventField("max", .uint(UInt64.max)),
                    EventField("zero", .int(0)), EventField("neg0", .uint(0))]
        e.cpu = -1
        e.pid = -5
        e.tgid = 77
        events.append(e)
        // The same type with a field missing, an extra one, another order, none at all.
        e = base
        e.fields = [EventField("ino", .uint(13))]
        events.append(e)
        e.fields = [EventField("ino", .uint(13)), EventField("dev", .string("7:1")), EventField("more", .int(1))]
        events.append(e)
        e.fields = []
        events.append(e)
        // Positions and timestamp precisions.
        for (position, digits) in [(SourceLocation.line(45), UInt8(6)), (.offset(4096), 3), (.none, 0), (.record(0), 9), (.line(1), 12)] {
            e = base
            e.position = position
            e.timestampDigits = digits
            e.timestampNs = 5_000_000_007
            events.append(e)
        }
        // Same name in another system, alternating with the first (each found again by plan).
        e = base
        e.system = "other"
        e.fields = [EventField("x", .string(""))]
        events += [e, base, e, base]
        // Numbers of every length, and timestamps of every precision.
        e = base
        var n: UInt64 = 1
        for digits in 1...19 {
            e.fields = [EventField("below", .uint(n - 1)), EventField("at", .uint(n)), EventField("neg", .int(-Int64(n)))]
            e.timestampNs = n &* 7
            e.timestampDigits = UInt8(digits % 10)
            events.append(e)
            n *= 10
        }
        e.fields = [EventField("at", .uint(n)), EventField("below", .uint(n - 1)), EventField("max", .int(Int64.max))]
        events.append(e)
        assertSameOutput(events, "edge cases")
    }

    func testLineOffset_shiftsLineNumbers() {
        let e = TraceEvent(timestampNs: 1, cpu: 0, pid: 1, comm: "c", system: "s", name: "n", fields: [], position: .line(3))
        var f = EventLineFormatter()
        f.lineOffset = 100
        f.appendJSONLine(e)
        f.appendCSVRow(e)
        let text = String(decoding: f.bytes, as: UTF8.self)
        XCTAssertTrue(text.contains("\"line\":103"), text)
        XCTAssertTrue(text.contains(",n,103,"), text)
    }

    func assertSameOutput(_ events: [TraceEvent], _ label: String, file: StaticString = #filePath, line: UInt = #line) {
        var f = EventLineFormatter()
        var expected: [UInt8] = []
        var w = JSONWriter()
        for e in events {
            f.appendJSONLine(e)
            w.clear()
            ReferenceWriters.json(e, to: &w)
            expected += w.bytes + [0x0A]
        }
        XCTAssertEqual(String(decoding: f.bytes, as: UTF8.self), String(decoding: expected, as: UTF8.self), "\(label) jsonl", file: file, line: line)
        XCTAssertEqual(f.bytes, expected, "\(label) jsonl bytes", file: file, line: line)
        f.clear()
        var csv = ""
        for e in events {
            f.appendCSVRow(e)
            csv += ReferenceWriters.csvRow(e) + "\n"
        }
        XCTAssertEqual(String(decoding: f.bytes, as: UTF8.self), csv, "\(label) csv", file: file, line: line)
        XCTAssertEqual(f.bytes, Array(csv.utf8), "\(label) csv bytes", file: file, line: line)
    }
}

/// The writers `events` used before `EventLineFormatter`, unchanged: the reference.
enum ReferenceWriters {
    static func json(_ e: TraceEvent, to w: inout JSONWriter) {
        w.objectStart()
        w.key("ts"); w.rawNumber(e.timestampText)
        w.key("cpu"); w.int(e.cpu)
        w.key("pid"); w.int(e.pid)
        if let tgid = e.tgid { w.key("tgid"); w.int(tgid) }
        w.key("comm"); w.string(e.comm)
        if let instance = e.instance { w.key("instance"); w.string(instance) }
        w.key("system"); w.string(e.system)
        w.key("event"); w.string(e.name)
        switch e.position {
        case .line(let n): w.key("line"); w.int(n)
        case .record(let n): w.key("record"); w.int(n)
        case .offset(let n): w.key("offset"); w.int(n)
        case .none: break
        }
        w.key("fields"); w.objectStart()
        for f in e.fields { w.key(f.name); w.value(f.value) }
        w.objectEnd()
        w.objectEnd()
    }

    static func csvRow(_ e: TraceEvent) -> String {
        let position: String
        switch e.position {
        case .line(let n), .record(let n), .offset(let n): position = String(n)
        case .none: position = ""
        }
        let fields = e.fields.map { "\($0.name)=\($0.value)" }.joined(separator: " ")
        return [e.timestampText, String(e.cpu), String(e.pid), quote(e.comm), e.system, e.name, position, quote(fields)]
            .joined(separator: ",")
    }

    static func quote(_ s: String) -> String {
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
        return "\"" + s.replacing("\"", with: "\"\"") + "\""
    }
}
