import TraceParser
import Analyzer
import TestSupport
import XCTest

/// The report against counts taken from the raw text lines, as `zstdcat trace.txt.zst |
/// grep -c PATTERN` takes them: no parser, no field decoding on the checking side.
final class GrepCountTests: XCTestCase {
    func grepCount(_ lines: [String], _ pattern: String) -> Int {
        lines.reduce(0) { $0 + ($1.contains(pattern) ? 1 : 0) }
    }

    func testReportCounts_equalGrepCountsOfTheRawLines() throws {
        for capture in ["ext4-seq-write-4k", "ext4-append-fsync", "ext4-dioread_lock-append-fsync", "xfs-seq-write-1k", "ext4-truncate"] {
            let lines = try TestSupport.Fixtures.lines(Captures.path(capture))
            let r = try Captures.report(capture)
            XCTAssertEqual(r.commitCount, grepCount(lines, " jbd2_run_stats: "), capture)
            XCTAssertEqual(r.total.allHandles.handles, grepCount(lines, " jbd2_handle_stats: "), capture)
            XCTAssertEqual(r.total.allMapping.mapBlocks, grepCount(lines, " ext4_ext_map_blocks_enter: "), capture)
            XCTAssertEqual(r.total.allMapping.esLookups, grepCount(lines, " ext4_es_lookup_extent_enter: "), capture)
            XCTAssertEqual(r.total.allMapping.iomapBegin, grepCount(lines, " iomap_iter_dstmap: "), capture)
            XCTAssertEqual(r.total.writes.calls + r.total.reads.calls + r.unattributedSyscalls,
                           grepCount(lines, " sys_pwrite64(fd: ") + grepCount(lines, " sys_pread64(fd: "), capture)
            XCTAssertEqual(r.total.unwritten.conversions,
                           lines.filter { $0.contains(" ext4_ext_handle_unwritten_extents: ") && $0.contains("CONVERT") }.count, capture)
            XCTAssertEqual(r.total.handles[HandleType.extConvert.rawValue]?.handles ?? 0,
                           lines.filter { $0.contains(" jbd2_handle_stats: ") && $0.contains(" type 11 ") }.count, capture)
        }
    }

    /// `pwrite -b 4k 0 1m`: 256 lines `sys_pwrite64(fd: 3, ..., count: 0x1000, ...)`.
    func testSeqWrite4k_everyWriteLineIs4KiB() throws {
        let lines = try TestSupport.Fixtures.lines(Captures.path("ext4-seq-write-4k"))
        XCTAssertEqual(grepCount(lines, " sys_pwrite64(fd: 3, "), 256)
        XCTAssertEqual(grepCount(lines, "count: 0x1000, "), 256)
        XCTAssertEqual(try Captures.report("ext4-seq-write-4k").inode(12)?.writes.bySize, [4096: 256])
    }
}
