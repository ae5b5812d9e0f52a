import XCTest
@testable import TraceParser

/// `events --format report` lays trace.dat events out as `trace-cmd report` does, bodies
/// printed through each event's print format.
final class TraceDatReportTests: XCTestCase {
    /// Events whose body differs from trace-cmd's on purpose: libtraceevent cannot resolve
    /// the enum names these formats use (`IOPRIO_CLASS_BE`, `I_DIRTY_SYNC`) and prints
    /// numbers or misplaced names; ext4trace prints what the kernel prints (`be,0,4`,
    /// `state=I_SYNC|I_SYNC_QUEUED`). writeback_single_inode's `age` needs `jiffies` and
    /// prints as `?` (trace-cmd prints garbage).
    static let differsFromTraceCmd: Set<String> = [
        "block_rq_issue", "block_rq_complete", "writeback_dirty_inode_start", "writeback_single_inode",
    ]

    func testReportLines_equalTraceCmdReport() throws {
        for capture in ["ext4-append-fsync", "ext4-dio-write", "xfs-seq-write-1k", "ext4-journal-seq-write-4k"] {
            let events = try DatFixtures.events(DatFixtures.path(capture, "trace.dat"),
                                             options: TraceReadOptions(decodeFields: false, renderBodies: true))
            let reference = try reportLines(capture)
            XCTAssertEqual(events.count, reference.count, capture)
            var compared = 0
            for (e, want) in zip(events, reference) where !Self.differsFromTraceCmd.contains(e.name) {
                XCTAssertEqual(TraceCmdReportLine.render(e), want, capture)
                compared += 1
            }
            XCTAssertGreaterThan(compared, reference.count / 2, capture)
        }
    }

    func testBlockRequest_printsTheIoprioClassByNameLikeTheKernel() throws {
        let events = try DatFixtures.events(DatFixtures.path("ext4-append-fsync", "trace.dat"),
                                         options: TraceReadOptions(decodeFields: false, renderBodies: true))
        let issue = try XCTUnwrap(events.first { $0.name == "block_rq_issue" })
        XCTAssertEqual(TraceCmdReportLine.render(issue),
                       "corpus:           xfs_io-3603  [001]  2027.501489: block_rq_issue:       7,1 RM 4096 () 67848 + 8 be,0,4 [xfs_io]")
    }

    /// report.txt without its `cpus=2` header.
    func reportLines(_ capture: String) throws -> [String] {
        let source = try TraceFile.textSource(DatFixtures.path(capture, "report.txt.zst"))
        var bytes: [UInt8] = []
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 16, alignment: 8)
        defer { chunk.deallocate() }
        while true {
            let n = try source.read(into: chunk)
            if n == 0 { break }
            bytes += chunk[0..<n]
        }
        return String(decoding: bytes, as: UTF8.self).split(separator: "\n").map(String.init).filter { !$0.hasPrefix("cpus=") }
    }
}
