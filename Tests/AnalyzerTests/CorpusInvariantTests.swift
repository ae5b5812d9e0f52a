import Analyzer
import Foundation
import TraceParser
import XCTest

/// On every capture in fixtures/: the report accounts for each event it counts exactly once,
/// checked against counts the parser alone gives.
final class CorpusInvariantTests: XCTestCase {
    func testEveryCapture_accountsForEverySyscallHandleCommitAndRequest() throws {
        let captures = try FileManager.default.contentsOfDirectory(atPath: Captures.root).filter {
            FileManager.default.fileExists(atPath: Captures.path($0))
        }.sorted()
        XCTAssertGreaterThanOrEqual(captures.count, 25)
        for capture in captures {
            let events = try Captures.events(capture)
            let r = try Captures.report(capture)
            let count = { (name: String) in Captures.count(events, name) }
            XCTAssertEqual(r.events, events.count, capture)
            XCTAssertEqual(r.total.writes.calls + r.total.reads.calls + r.unattributedSyscalls,
                           count("sys_enter_pwrite64") + count("sys_enter_pread64"), capture)
            XCTAssertEqual(r.syscalls[.fsync] ?? 0, count("sys_enter_fsync"), capture)
            XCTAssertEqual(r.commitCount, count("jbd2_run_stats"), capture)
            XCTAssertEqual(r.total.allHandles.handles, count("jbd2_handle_stats"), capture)
            XCTAssertEqual(r.total.allMapping.iomapBegin, count("iomap_iter_dstmap"), capture)
            XCTAssertEqual(r.total.unwritten.handleUnwrittenCalls, count("ext4_ext_handle_unwritten_extents"), capture)
            XCTAssertEqual(r.total.writeback.writepagesCalls, count("ext4_writepages"), capture)
            let b = r.blockIO
            XCTAssertEqual(b.reads.requests + b.dataWrites.requests + b.journalWrites.requests + b.metadataWrites.requests
                           + b.discards.requests + b.flushes, count("block_rq_issue"), capture)
            let pages = events.filter { $0.name == "ext4_writepages_result" }.reduce(0) { $0 + Int($1["pages_written"]?.int ?? 0) }
            let folios = count("iomap_writeback_folio")
            XCTAssertEqual(Int(r.total.writeback.foliosPerBatch.sum), pages + folios, capture)
            XCTAssertEqual(r.latencies["ext4_sync_file"]?.count ?? 0, count("ext4_sync_file_exit"), capture)
            XCTAssertEqual(r.latencies["ext4_ext_map_blocks"]?.count ?? 0, count("ext4_ext_map_blocks_exit"), capture)
            XCTAssertEqual(r.latencies["ext4_writepages"]?.count ?? 0, count("ext4_writepages_result"), capture)
            XCTAssertEqual(r.latencies["jbd2_commit"]?.count ?? 0, count("jbd2_end_commit"), capture)
            XCTAssertEqual(r.latencies["pwrite64"]?.count ?? 0, count("sys_exit_pwrite64"), capture)
            XCTAssertEqual(r.unmatchedExits, 0, capture)
            if capture.hasPrefix("ext4") {
                XCTAssertNotEqual(b.journalArea, "unknown", capture)
            }
        }
    }
}
