import Foundation
import TestSupport
@testable import TraceParser
import XCTest

/// `ParallelEventLines` cuts a trace into chunks (lines of text, records of a trace.dat in
/// merged time order), decodes and formats them on several threads and writes them in order:
/// its output must equal, byte for byte, one reader's events formatted one after the other.
final class ParallelEventLinesTests: XCTestCase {
    /// ftrace text, trace-cmd report, perf script, trace.dat v7 (zstd and uncompressed) and
    /// v6, from the 6.18 corpus fixtures and a 7.3 iomap capture.
    static let inputs = [
        "ext4-append-fsync/trace.txt.zst", "ext4-append-fsync/trace.dat", "ext4-append-fsync/report.txt.zst",
        "ext4-perf-script/perf-script.txt.zst", "iomap/seq-write-4k/iomap/trace.txt.zst", "iomap/seq-write-4k/iomap/trace.dat",
        "xfs-seq-write-1k/trace.dat", "fuzz-seeds/ftrace.txt",
    ]

    /// Chunk sizes from tiny (a chunk boundary every few lines or records, so nearly every
    /// read ends mid-line) to the production sizes.
    static let sizes = [(textBytes: 700, records: 3), (textBytes: 4093, records: 61), (textBytes: 2 << 20, records: 8192)]

    func testJSONLinesAndCSV_equalOneReaderFormattingInOrder() throws {
        var paths = Self.inputs.map { Fixtures.path($0) }
        paths.append(try DatFixtures.materialize("ext4-append-fsync", "trace.v7-uncompressed.dat.zst"))
        paths.append(try DatFixtures.materialize("ext4-seq-write-4k", "trace.v6.dat.zst"))
        for path in paths {
            let (events, diagnostics) = try Fixtures.events(path)
            XCTAssertFalse(events.isEmpty, path)
            for csv in [false, true] {
                let expected = Self.sequential(events, csv: csv)
                for size in Self.sizes {
                    let (out, d) = try Self.parallel(path, csv: csv, size: size)
                    XCTAssertEqual(out.count, expected.count, "\(path) csv=\(csv) \(size)")
                    XCTAssertTrue(out == expected, "\(path) csv=\(csv) \(size): output differs")
                    XCTAssertEqual(d.unparsedLines, diagnostics.unparsedLines, path)
                    XCTAssertEqual(d.lostEvents, diagnostics.lostEvents, path)
                }
            }
        }
    }

    func testFilteredEvents_keepTheirOrderAndPositions() throws {
        let path = Fixtures.path("ext4-append-fsync/trace.dat")
        let (events, _) = try Fixtures.events(path)
        let kept = events.filter { $0.name == "ext4_da_write_begin" || $0.cpu == 1 }
        XCTAssertGreaterThan(kept.count, 10)
        let (out, _) = try Self.parallel(path, csv: false, size: (700, 5)) { $0.name == "ext4_da_write_begin" || $0.cpu == 1 }
        XCTAssertTrue(out == Self.sequential(kept, csv: false))
    }

    func testUnparsedLinesInsideChunks_keepTheirFileLineNumbers() throws {
        let lines = try Fixtures.lines(Fixtures.path("ext4-append-fsync/trace.txt.zst"))
        var text: [String] = []
        var bad: [Int] = []
        for (i, line) in lines.enumerated() {
            text.append(line)
            if i % 37 == 5 { text.append("not an event \(i)"); bad.append(text.count) }
        }
        let path = temporaryFile(text.joined(separator: "\n") + "\n")
        let (events, sequential) = try Fixtures.events(path)
        for size in Self.sizes {
            let (out, d) = try Self.parallel(path, csv: false, size: size)
            XCTAssertTrue(out == Self.sequential(events, csv: false), "\(size)")
            XCTAssertEqual(d.unparsed.map(\.location), bad.map { SourceLocation.line($0) }, "\(size)")
            XCTAssertEqual(d.unparsed.map(\.location), sequential.unparsed.map(\.location))
        }
    }

    /// A line longer than one reader's 4 MiB buffer (so that reader notes it as overlong
    /// wherever it falls; a 1–4 MiB line it notes as overlong or unparsable depending on where
    /// its buffer happens to start, which a chunked read cannot mirror).
    func testLineLongerThanAChunk_isSkippedAndNotedAsOneReaderNotesIt() throws {
        let lines = try Fixtures.lines(Fixtures.path("ext4-append-fsync/trace.txt.zst"))
        let long = String(repeating: "x", count: 5 << 20)
        let text = lines.prefix(50).joined(separator: "\n") + "\n" + long + "\n" + lines.dropFirst(50).joined(separator: "\n") + "\n"
        let path = temporaryFile(text)
        let (events, sequential) = try Fixtures.events(path)
        let (out, d) = try Self.parallel(path, csv: false, size: Self.sizes[2])
        XCTAssertTrue(out == Self.sequential(events, csv: false))
        XCTAssertEqual(d.unparsedLines, sequential.unparsedLines)
        let overlong = try XCTUnwrap(d.unparsed.first { $0.location == .line(51) })
        XCTAssertEqual(overlong.reason, "line of \(5 << 20) bytes is longer than the 1 MiB limit")
        XCTAssertEqual(d.unparsed.map(\.location), sequential.unparsed.map(\.location))
        XCTAssertEqual(d.unparsed.map(\.reason), sequential.unparsed.map(\.reason))
    }

    func testDamagedPage_writesEveryEventBeforeItThenThrowsWithFileAndOffset() throws {
        let good = try DatFixtures.materialize("ext4-append-fsync", "trace.v7-uncompressed.dat.zst")
        var bytes = try DatFixtures.bytes(good)
        // CPU 1's fourth page claims more bytes than a page holds (as in TraceDatDamageTests).
        let page = 7_458_816 + 3 * 4096
        bytes.replaceSubrange((page + 8)..<(page + 12), with: [0xFF, 0xFF, 0x00, 0x00])
        let path = DatFixtures.temporaryPath("parallel-damaged-page.dat")
        try DatFixtures.write(bytes, to: path)
        var before: [TraceEvent] = []
        var sequentialError: TraceError?
        do {
            let source = try TraceFile.open(path)
            while let e = try source.next() { before.append(e) }
        } catch { sequentialError = error }
        let expectedError = try XCTUnwrap(sequentialError)
        for size in Self.sizes {
            let source = try TraceFile.open(path)
            var out: [UInt8] = []
            do {
                _ = try ParallelEventLines.run(source, workers: 2, textChunkBytes: size.textBytes, chunkRecords: size.records,
                                               append: { e, lines in lines.appendJSONLine(e) },
                                               write: { out += $0; return true }, progress: { _ in })
                XCTFail("no error on a damaged page")
            } catch {
                XCTAssertEqual(error.location, .offset(page))
                XCTAssertEqual(error.description, expectedError.description)
            }
            XCTAssertTrue(out == Self.sequential(before, csv: false), "\(size)")
        }
    }

    func testClosedOutput_stopsTheRead() throws {
        let source = try TraceFile.open(Fixtures.path("ext4-append-fsync/trace.txt.zst"))
        var writes = 0
        _ = try ParallelEventLines.run(source, workers: 2, textChunkBytes: 700, chunkRecords: 3,
                                       append: { e, lines in lines.appendJSONLine(e) },
                                       write: { _ in writes += 1; return writes < 3 }, progress: { _ in })
        XCTAssertEqual(writes, 3)
    }

    // MARK: - Helpers

    static func sequential(_ events: [TraceEvent], csv: Bool) -> [UInt8] {
        var f = EventLineFormatter()
        for e in events { if csv { f.appendCSVRow(e) } else { f.appendJSONLine(e) } }
        return f.bytes
    }

    static func parallel(_ path: String, csv: Bool, size: (textBytes: Int, records: Int),
                         keep: @escaping @Sendable (TraceEvent) -> Bool = { _ in true }) throws -> ([UInt8], TraceDiagnostics) {
        let source = try TraceFile.open(path)
        XCTAssertTrue(ParallelEventLines.supports(source))
        var out: [UInt8] = []
        let d = try ParallelEventLines.run(source, workers: 2, textChunkBytes: size.textBytes, chunkRecords: size.records,
                                           append: { e, lines in
                                               guard keep(e) else { return }
                                               if csv { lines.appendCSVRow(e) } else { lines.appendJSONLine(e) }
                                           }, write: { out += $0; return true }, progress: { _ in })
        return (out, d)
    }
}
