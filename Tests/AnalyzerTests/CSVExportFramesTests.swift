import Analyzer
import Foundation
import TestSupport
@testable import TraceParser
import XCTest

/// `export --format csv` on every core: workers turn events into frames
/// (`EventLineFormatter.appendCSVExportFrame`) and `CSVExporter.writeFrames` files them. The
/// files must equal those of `CSVExporter.write` event by event — on real captures read in
/// parallel at chunk sizes that cut everywhere, and on rows whose fields differ from their
/// table's, announced by another formatter than the one that made the table.
final class CSVExportFramesTests: XCTestCase {
    func testFrames_equalOneWriter_onOddRowsAcrossTwoFormatters() throws {
        var events = try Fixtures.events(Fixtures.path("ext4-append-fsync/trace.dat")).0
        events += OddCSVRows.events
        events.insert(contentsOf: events.suffix(8), at: 100)                               // odd rows mid-capture too

        let expected = try export { exporter in for e in events { try exporter.write(e) } }
        for chunk in [1, 2, 3, 7, 64, events.count] {
            let got = try export { exporter in
                // Two formatters take turns, a chunk each, as the ring's slots do.
                var formatters = [EventLineFormatter(), EventLineFormatter()]
                var start = 0, turn = 0
                while start < events.count {
                    let end = min(events.count, start + chunk)
                    formatters[turn].clear()
                    for e in events[start..<end] { formatters[turn].appendCSVExportFrame(e) }
                    try exporter.writeFrames(formatters[turn].bytes)
                    start = end
                    turn ^= 1
                }
            }
            XCTAssertEqual(got, expected, "chunks of \(chunk) events")
        }
    }

    func testParallelExport_equalsOneReader_onCapturesOfEveryFormat() throws {
        for input in ["ext4-append-fsync/trace.dat", "ext4-append-fsync/trace.txt.zst", "ext4-append-fsync/report.txt.zst",
                      "ext4-perf-script/perf-script.txt.zst", "iomap/seq-write-4k/iomap/trace.txt.zst"] {
            let path = Fixtures.path(input)
            let expected = try export { exporter in
                let source = try TraceFile.open(path)
                while let e = try source.next() { try exporter.write(e) }
            }
            for (bytes, records) in [(700, 3), (64 << 10, 500)] {
                let got = try export { exporter in
                    let source = try TraceFile.open(path)
                    XCTAssertTrue(ParallelEventLines.supports(source), input)
                    var failure: Error?
                    _ = try ParallelEventLines.run(source, workers: 2, textChunkBytes: bytes, chunkRecords: records,
                                                   append: { e, lines in lines.appendCSVExportFrame(e) },
                                                   write: { chunk in
                                                       do { try exporter.writeFrames(chunk) } catch { failure = error; return false }
                                                       return true
                                                   }, progress: { _ in })
                    if let failure { throw failure }
                }
                XCTAssertEqual(got, expected, "\(input), chunks of \(bytes) bytes / \(records) records")
            }
        }
    }

    /// The files an export writes, by name.
    private func export(_ body: (inout CSVExporter) throws -> Void) throws -> [String: Data] {
        let dir = NSTemporaryDirectory() + "ext4trace-csvframes-\(getpid())-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var exporter = try CSVExporter(directory: dir)
        try body(&exporter)
        _ = try exporter.finish()
        var files: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: dir) {
            files[name] = try Data(contentsOf: URL(fileURLWithPath: dir + "/" + name))
        }
        XCTAssertFalse(files.isEmpty)
        return files
    }
}
