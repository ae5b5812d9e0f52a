import Foundation
import TestSupport
@testable import TraceParser
import XCTest

/// A text capture in a directory with `formats/` (as `record` saves it) decodes with those format
/// files; elsewhere, or when told not to (`--formats`), with the formats it was given.
/// The difference shows on real 7.3 text: its `ext4_es_cache_extent` prints a `seq` that the
/// bundled 6.18 format has no field for.
final class CaptureFormatsTests: XCTestCase {
    let capture = Fixtures.path("iomap/seq-write-4k/iomap/trace.txt.zst")

    func firstCachedExtent(_ path: String, options: TraceReadOptions = TraceReadOptions()) throws -> TraceEvent {
        let (events, d) = try Fixtures.events(path, options: options)
        XCTAssertEqual(d.unparsedLines, 0)
        return try XCTUnwrap(events.first { $0.name == "ext4_es_cache_extent" })
    }

    func testCaptureBesideFormats_decodesWithItsKernelsLayouts() throws {
        XCTAssertEqual(CaptureFormats.directory(besides: capture), Fixtures.path("iomap/seq-write-4k/iomap/formats"))
        let e = try firstCachedExtent(capture)
        XCTAssertEqual(e["status"], .string("W"))
        XCTAssertEqual(e["seq"], .uint(0))
        XCTAssertEqual(e["pblk"], .uint(2121))
    }

    func testSameTextWithoutFormats_fallsBackToTheBundledLayouts() throws {
        let dir = NSTemporaryDirectory() + "ext4trace-noformats-\(getpid())"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.copyItem(atPath: capture, toPath: dir + "/trace.txt.zst")
        XCTAssertNil(CaptureFormats.directory(besides: dir + "/trace.txt.zst"))
        let e = try firstCachedExtent(dir + "/trace.txt.zst")
        XCTAssertEqual(e["status"], .string("W seq 0"), "6.18's format ends at status")
        XCTAssertNil(e["seq"])
    }

    func testFormatsBesideCaptureOff_keepsTheGivenFormats() throws {
        var options = TraceReadOptions()
        options.formatsBesideCapture = false
        let e = try firstCachedExtent(capture, options: options)
        XCTAssertNil(e["seq"])
    }

    func testDirectoryBesides_relativeAndRootPaths() {
        XCTAssertNil(CaptureFormats.directory(besides: "no-such-dir/trace.txt"))
        XCTAssertNil(CaptureFormats.directory(besides: "/trace.txt"), "no /formats on this machine")
    }
}
