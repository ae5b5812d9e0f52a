import Foundation
import ReferenceFS
import TraceParser
import XCTest

/// The predicted tracepoint stream reads back through ext4trace's own parser, field for field.
final class PredictedTraceTests: XCTestCase {
    func testEmittedTrace_readsBackWithEveryFieldDecoded() throws {
        let capture = "ext4-append-fsync"
        let r = try replayCapture(capture, events: try iomapCaptureEvents(capture), path: IomapPath(scheme: .iomap))
        XCTAssertFalse(r.predicted.isEmpty)
        let file = NSTemporaryDirectory() + "ext4trace-predicted-\(getpid()).txt"
        defer { try? FileManager.default.removeItem(atPath: file) }
        try FtraceTextWriter(device: r.device).render(r.predicted).write(toFile: file, atomically: true, encoding: .utf8)

        let source = try TraceFile.open(file)
        var read: [TraceEvent] = []
        while let e = try source.next() { read.append(e) }
        XCTAssertEqual(source.diagnostics.unparsedLines, 0)
        XCTAssertEqual(source.diagnostics.genericFallbacks, 0)
        XCTAssertEqual(read.count, r.predicted.count)
        for (predicted, parsed) in zip(r.predicted, read) {
            XCTAssertEqual(parsed.name, predicted.name)
            XCTAssertEqual(parsed.pid, predicted.context.pid)
            XCTAssertEqual(parsed.cpu, predicted.context.cpu)
            XCTAssertEqual(parsed.timestampNs / 1000, predicted.context.timestampNs / 1000)
            XCTAssertEqual(parsed.device, "7:1")
        }
        let writeBegins = read.filter { $0.name == "ext4_iomap_buffered_write_begin" }
        XCTAssertEqual(writeBegins.count, r.result.counters.iomapBeginCalls)
        let first = try XCTUnwrap(writeBegins.first)
        XCTAssertEqual(first["ino"]?.uint, 12)
        XCTAssertEqual(first["m_lblk"]?.uint, 0)
        XCTAssertEqual(first["m_len"]?.uint, 1)
        XCTAssertEqual(first["orig_len"]?.uint, 4096)
        XCTAssertEqual(first["iomap_flags"]?.uint, 1)
        let conversions = read.filter { $0.name == "jbd2_handle_stats" && $0["type"]?.int == 11 }
        XCTAssertEqual(conversions.count, r.result.handlesByType[.extConvert])
    }

    func testMapFlags_printAsShowMflagsDoes() throws {
        let capture = "ext4-seq-write-4k"
        let r = try replayCapture(capture, events: try iomapCaptureEvents(capture), path: IomapPath(scheme: .iomap))
        let writeback = try XCTUnwrap(r.predicted.first { $0.name == "ext4_iomap_map_writeback_range" })
        XCTAssertTrue(writeback.body.contains("m_lblk 0 m_len 256 m_flags NMU "), writeback.body)
        let write = try XCTUnwrap(r.predicted.first { $0.name == "ext4_iomap_buffered_write_begin" })
        XCTAssertTrue(write.body.contains("m_flags 0x100 "), write.body)   // EXT4_MAP_DELAYED has no letter
    }
}

/// The generic iomap layer the model applies, against XFS running the same workloads on the
/// same kernel (XFS uses iomap for buffered I/O).
final class GenericIomapLayerTests: XCTestCase {
    func testOneIomapBeginPerWriteAndOneWritebackFolioPerFolio_asXFSDoes() throws {
        for (ext4, xfs) in [("ext4-seq-write-1k", "xfs-seq-write-1k"), ("ext4-seq-write-64k", "xfs-seq-write-64k")] {
            let xfsEvents = try iomapCaptureEvents(xfs)
            let r = try replayCapture(ext4, events: try iomapCaptureEvents(ext4), path: IomapPath(scheme: .iomap))
            XCTAssertEqual(r.result.counters.iomapBeginCalls, countEvents(xfsEvents, "iomap_iter_dstmap"), ext4)
            XCTAssertEqual(r.count("iomap_writeback_folio"), countEvents(xfsEvents, "iomap_writeback_folio"), ext4)
            XCTAssertEqual(r.count("iomap_add_to_ioend"), countEvents(xfsEvents, "iomap_add_to_ioend"), ext4)
        }
    }
}
