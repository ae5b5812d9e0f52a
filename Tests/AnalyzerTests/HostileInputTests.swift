import Analyzer
import TraceParser
import XCTest

/// Values a damaged or hostile trace can carry must give numbers or dashes, never a trap.
final class HostileInputTests: XCTestCase {
    func event(_ name: String, _ system: String, ts: UInt64, pid: Int = 7, _ fields: [EventField]) -> TraceEvent {
        TraceEvent(timestampNs: ts, cpu: 0, pid: pid, comm: "x", system: system, name: name, fields: fields, position: .line(1))
    }

    func testExtremeFieldValues_andExitsBeforeEnters_doNotTrap() {
        var a = TraceAnalyzer(source: "hostile", geometry: FilesystemGeometry(kind: .ext4, blockSize: 4096, journalBlocks: .max))
        let huge = FieldValue.uint(.max)
        let events = [
            event("sys_exit_pwrite64", "syscalls", ts: 50, [EventField("ret", .int(-5))]),
            event("sys_enter_pwrite64", "syscalls", ts: 100, [EventField("fd", .int(-1)), EventField("count", huge)]),
            event("ext4_da_write_begin", "ext4", ts: 90, [EventField("ino", huge)]),
            event("sys_exit_pwrite64", "syscalls", ts: 10, [EventField("ret", huge)]),             // time runs backwards
            event("jbd2_handle_start", "jbd2", ts: 11, [EventField("type", .int(-3))]),
            event("jbd2_handle_stats", "jbd2", ts: 12, [EventField("type", .int(-3)), EventField("requested_blocks", .int(.min)), EventField("dirtied_blocks", .int(.min))]),
            event("jbd2_handle_start", "jbd2", ts: 13, [EventField("type", .int(99))]),
            event("jbd2_handle_stats", "jbd2", ts: 14, [EventField("type", .int(99)), EventField("requested_blocks", .int(.min)), EventField("dirtied_blocks", .int(-1))]),
            event("jbd2_run_stats", "jbd2", ts: 15, [EventField("blocks_logged", huge), EventField("running", huge)]),
            event("jbd2_run_stats", "jbd2", ts: 16, [EventField("blocks_logged", huge), EventField("running", huge)]),
            event("ext4_writepages", "ext4", ts: 17, [EventField("ino", .uint(5))]),
            event("ext4_writepages_result", "ext4", ts: 18, [EventField("ino", .uint(5)), EventField("pages_written", .int(.min))]),
            event("iomap_add_to_ioend", "iomap", ts: 19, [EventField("ino", .uint(5)), EventField("type", .uint(3)), EventField("dirty_len", huge)]),
            event("iomap_add_to_ioend", "iomap", ts: 20, [EventField("ino", .uint(5)), EventField("type", .uint(3)), EventField("dirty_len", huge)]),
            event("ext4_ext_handle_unwritten_extents", "ext4", ts: 21, [EventField("ino", .uint(5)), EventField("flags", .string("CONVERT")), EventField("len", huge)]),
            event("ext4_ext_handle_unwritten_extents", "ext4", ts: 22, [EventField("ino", .uint(5)), EventField("flags", .string("CONVERT")), EventField("len", huge)]),
            event("jbd2_write_superblock", "jbd2", ts: 23, [EventField("write_flags", .int(0))]),
            event("block_rq_issue", "block", ts: 24, [EventField("rwbs", .string("WSM")), EventField("sector", huge), EventField("nr_sector", huge), EventField("bytes", huge)]),
            event("ext4_ext_map_blocks_enter", "ext4", ts: .max, [EventField("ino", .uint(5))]),
            event("ext4_ext_map_blocks_exit", "ext4", ts: 0, [EventField("ino", .uint(5))]),
        ]
        for e in events { a.consume(e) }
        let r = a.finish()
        XCTAssertFalse(r.text().isEmpty)
        XCTAssertFalse(r.json().isEmpty)
        XCTAssertFalse(ReportPage(report: r).render().isEmpty)
        XCTAssertEqual(r.commitCount, 2)
        XCTAssertNil(r.latencies["ext4_ext_map_blocks"])           // exit before enter: no latency
        XCTAssertFalse(Comparison(a: r, b: r).text().isEmpty)
        var d = Distribution()
        d.add(.max); d.add(0)
        XCTAssertEqual(d.histogram().reduce(0) { $0 + $1.count }, 2)
    }

    func testHostileGeometry_isAnErrorNotATrap() {
        let text = "blocksize = 4096\nlogstart = 18446744073709551615\nagblocks = 4294967295\nagblklog = 1\nlogblocks = 10\n"
        XCTAssertThrowsError(try FilesystemGeometry.parse(text, file: "g"))
    }
}
