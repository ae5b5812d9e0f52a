import TestSupport
import TraceParser
import XCTest

/// A capture directory's paths, its meta.json and its geometry.txt lines, read one way for
/// every reader.
final class CaptureDirectoryTests: XCTestCase {
    func testInitFromTracePath_findsTheSideFilesBesideIt() {
        let capture = CaptureDirectory(tracePath: "/caps/a/trace.dat")
        XCTAssertEqual(capture, CaptureDirectory("/caps/a"))
        XCTAssertEqual(capture.geometryPath, "/caps/a/geometry.txt")
        XCTAssertEqual(capture.metaPath, "/caps/a/meta.json")
        XCTAssertEqual(capture.extentsPath, "/caps/a/extents.txt")
        XCTAssertEqual(capture.formatsPath, "/caps/a/formats")
        XCTAssertEqual(CaptureDirectory(tracePath: "trace.dat").geometryPath, "geometry.txt")
    }

    func testFixtureCapture_readsTraceAndMeta() throws {
        let capture = CaptureDirectory(Fixtures.path("ext4-append-fsync"))
        XCTAssertEqual(capture.traceFile, capture.file("trace.txt.zst"))
        let meta = try XCTUnwrap(capture.meta)
        XCTAssertEqual(meta.filesystem, "ext4")
        XCTAssertEqual(meta.device, "7:1")
        XCTAssertEqual(meta.devT, 7340033)
        XCTAssertNotNil(capture.geometryText)
    }

    func testMissingFiles_readAsNil() {
        let capture = CaptureDirectory("/nonexistent/capture")
        XCTAssertNil(capture.meta)
        XCTAssertNil(capture.traceFile)
        XCTAssertNil(capture.geometryText)
    }

    func testMeta_unescapesStringsAndKeepsNumbers() {
        let meta = CaptureMeta(json: #"{"kernel": "7.3.0", "mount_opts": "data=journal", "workload": "echo \"x\"", "dev_t": 7340033}"#)
        XCTAssertEqual(meta.kernel, "7.3.0")
        XCTAssertEqual(meta.mountOptions, "data=journal")
        XCTAssertEqual(meta.workload, #"echo "x""#)
        XCTAssertEqual(meta.devT, 7340033)
        XCTAssertNil(meta.mkfsOptions)
    }

    func testDumpe2fsText_keepsFirstValueOfEachKeyWithItsLine() {
        let text = "dumpe2fs 1.47.0 (5-Feb-2023)\nBlock size:               4096  \nBlock size:  1024\nblocksize = 512\n"
        XCTAssertEqual(Dumpe2fsText(text)["Block size"], .init(value: "4096", line: 2))
        XCTAssertNil(Dumpe2fsText(text)["blocksize"])
        XCTAssertEqual(Dumpe2fsText(text, xfsDbLines: true)["blocksize"]?.value, "512")
    }

    func testHandleType_namesTheKernelsNumbers() {
        XCTAssertEqual(HandleType.name(3), "MAP_BLOCKS")
        XCTAssertEqual(HandleType.extConvert.rawValue, 11)
        XCTAssertEqual(HandleType.name(12), "type 12")
    }
}
