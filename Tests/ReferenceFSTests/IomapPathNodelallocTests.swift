import ReferenceFS
import TraceParser
import XCTest

/// Without delalloc the series maps through `ext4_iomap_buffered_write_ops`:
/// `ext4_iomap_get_blocks` allocates unwritten blocks in its own handle at write time.
final class IomapPathNodelallocTests: XCTestCase {
    func testNodelallocWrites_allocateUnwrittenInOneWritePageHandleEach() throws {
        let capture = "ext4-nodelalloc-seq-write-4k"      // 256 × 4 KiB appends, then fsync
        let r = try replayCapture(capture, events: try iomapCaptureEvents(capture), path: IomapPath(scheme: .iomap))
        let writeHandles = r.predicted.filter { $0.name == "ext4_journal_start_inode" && $0.body.contains("caller ext4_iomap_get_blocks") }
        XCTAssertEqual(writeHandles.count, 256)
        XCTAssertTrue(writeHandles.allSatisfy { $0.body.contains("blocks 31, rsv_blocks 0, revoke_creds 8, type 2,") })
        XCTAssertEqual(r.count("ext4_da_write_pages_extent"), 0)             // nothing delayed
        let begins = r.predicted.filter { $0.name == "ext4_iomap_buffered_write_begin" }
        XCTAssertEqual(begins.count, 256)
        XCTAssertTrue(begins.allSatisfy { $0.body.contains("m_len 1 m_flags NMU ") })
        XCTAssertGreaterThan(r.result.handlesByType[.extConvert] ?? 0, 0)    // converted at I/O end
        let file = try XCTUnwrap(r.result.inodes.first { $0.ino == 12 })
        XCTAssertEqual(file.extents.reduce(0) { $0 + Int($1.lengthBlocks) }, 256)
        XCTAssertTrue(file.extents.allSatisfy { !$0.isUnwritten })
        XCTAssertEqual(file.disksizeBytes, 1 << 20)
    }
}
