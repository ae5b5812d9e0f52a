import TestSupport
@testable import TraceParser
import XCTest

/// The irq-flags column parses with every character the kernel's `trace_print_lat_fmt()` can
/// print in each position — 7.3's lazy-preemption `l`/`L` included — in the kernel's text and in
/// `trace-cmd report -l`, and characters out of their position do not make a flags column.
final class LatencyFlagsTests: XCTestCase {
    /// One event line with `flags` in the kernel's `[CPU] FLAGS TIMESTAMP:` layout.
    func kernelLine(_ flags: String) -> String {
        "       ext4trace-107     [000] \(flags)     8.338485: ext4_sync_fs: dev 7,0 wait 1\n"
    }

    func testSevenThreeLazyPreemptionLine_parses() throws {
        let (events, d) = try Fixtures.events(temporaryFile(
            "       ext4trace-107     [000] .l...     8.338485: ext4_writepages_result: dev 7,0 ino 12 ret 0 pages_written 256 pages_skipped 0 sync_mode 1 writeback_index 0\n"))
        XCTAssertEqual(d.unparsedLines, 0, "\(d.unparsed)")
        let e = try XCTUnwrap(events.first)
        XCTAssertEqual(e.comm, "ext4trace"); XCTAssertEqual(e.pid, 107); XCTAssertEqual(e.cpu, 0)
        XCTAssertEqual(e.timestampNs, 8_338_485_000)
        XCTAssertEqual(e.name, "ext4_writepages_result")
        XCTAssertEqual(e["pages_written"], .uint(256))
    }

    /// Each column's every character, with the others `.`: 4 + 8 + 5 + 15 + 15 variants.
    func testEveryCharacterInItsColumn_parses() throws {
        let hex = "123456789abcdef"
        let columns = ["dDbX", "BNLbnlpP", "ZzHhs", hex, hex]
        var lines = ""
        var expected = 0
        for (position, characters) in columns.enumerated() {
            for c in characters {
                var flags = Array(".....")
                flags[position] = c
                lines += kernelLine(String(flags))
                expected += 1
            }
        }
        lines += kernelLine("dNh2.") + kernelLine("DBZf1") + kernelLine(".L.1.") + kernelLine("....")
        expected += 4
        let (events, d) = try Fixtures.events(temporaryFile(lines))
        XCTAssertEqual(d.unparsedLines, 0, "\(d.unparsed.map(\.1))")
        XCTAssertEqual(events.count, expected)
        XCTAssertTrue(events.allSatisfy { $0.pid == 107 && $0.cpu == 0 && $0.timestampNs == 8_338_485_000 })
    }

    func testCharactersOutOfTheirColumn_areNotAFlagsColumn() {
        // `l` is only a need-resched state; `d` only irqs-off; `g` is no hex digit.
        for flags in ["l....", ".d...", "..N..", "...g.", ".....x", "..", "........."] {
            XCTAssertFalse(flags.utf8.withContiguousStorageIfAvailable {
                LatencyFlags.isColumn($0, 0..<$0.count)
            } ?? true, flags)
        }
        for flags in [".l...", "dNh2.", "DBZf1", "X...", "b.s..."] {
            XCTAssertTrue(flags.utf8.withContiguousStorageIfAvailable {
                LatencyFlags.isColumn($0, 0..<$0.count)
            } ?? false, flags)
        }
    }

    /// The series' 7.3 kernel's own text: every line is an event, lazy-preemption lines included.
    func testSevenThreeCapture_kernelText_everyLineParses() throws {
        let path = Fixtures.path("iomap/seq-write-4k/iomap/trace.txt.zst")
        let lines = try Fixtures.lines(path).filter { !$0.hasPrefix("#") && !$0.isEmpty }
        let lazy = lines.filter { $0.contains("] .l") }
        XCTAssertGreaterThan(lazy.count, 0, "the capture shows lazy-preemption flags")
        let (events, d) = try Fixtures.events(path)
        XCTAssertEqual(d.unparsedLines, 0, "\(d.unparsed.prefix(3).map(\.1))")
        XCTAssertEqual(events.count, lines.count)
        XCTAssertEqual(events.filter { $0.name == "ext4_iomap_buffered_write_begin" }.count, 256)
    }

    /// The same kernel's trace.dat through `trace-cmd report -l`: libtraceevent prints the
    /// lazy bit (0x08, once TRACE_FLAG_IRQS_NOSUPPORT) as `X` after the CPU number, `1X....`.
    func testSevenThreeCapture_traceCmdReportLatency_matchesTheTraceDat() throws {
        let report = Fixtures.path("iomap/seq-write-4k/iomap/report-l.txt.zst")
        let lines = try Fixtures.lines(report)
        XCTAssertTrue(lines.contains { $0.contains(" 1X....") || $0.contains(" 0X....") }, "the lazy bit printed as X")
        let (reported, d) = try Fixtures.events(report)
        XCTAssertEqual(d.unparsedLines, 0, "\(d.unparsed.prefix(3).map(\.1))")
        let (binary, _) = try Fixtures.events(Fixtures.path("iomap/seq-write-4k/iomap/trace.dat"))
        XCTAssertEqual(reported.count, binary.count)
        // trace-cmd prints microseconds, rounded.
        let differing = zip(reported, binary).filter { $0.timestampNs != ($1.timestampNs + 500) / 1000 * 1000 || $0.name != $1.name || $0.cpu != $1.cpu }
        XCTAssertEqual(differing.count, 0, "first: \(differing.first.map { "\($0.0.name) \($0.0.timestampNs) vs \($0.1.name) \($0.1.timestampNs)" } ?? "")")
    }
}
