import Analyzer
import XCTest

final class GeometryTests: XCTestCase {
    func testDumpe2fs_givesBlockSizeAndJournalLength() throws {
        let g = try Captures.geometry("ext4-1kblock-seq-write-4k")
        XCTAssertEqual(g.kind, .ext4)
        XCTAssertEqual(g.blockSize, 1024)
        XCTAssertEqual(g.journalBlocks, 16384)
        XCTAssertNil(g.journalStartSector)
    }

    /// `logstart = 262150` with `agblklog = 17`, `agblocks = 131072`: AG 2, block 6.
    func testXfsDb_givesTheLogStartInSectors() throws {
        let g = try Captures.geometry("xfs-seq-write-1k")
        XCTAssertEqual(g.kind, .xfs)
        XCTAssertEqual(g.journalStartSector, (2 * 131_072 + 6) * 8)
        XCTAssertEqual(g.journalBlocks, 16384)
    }

    func testGarbage_isAnErrorNamingTheFile() {
        XCTAssertThrowsError(try FilesystemGeometry.parse("hello\nworld\n", file: "g.txt")) { error in
            XCTAssertEqual((error as? AnalyzerError)?.description.hasPrefix("g.txt: line 1:"), true)
        }
        XCTAssertThrowsError(try FilesystemGeometry.parse("Block size:   big\n", file: "g.txt")) { error in
            XCTAssertEqual((error as? AnalyzerError)?.description, "g.txt: line 1: \"Block size\" is not a number: big")
        }
    }
}
