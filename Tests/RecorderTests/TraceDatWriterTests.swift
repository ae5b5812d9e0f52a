import Foundation
import XCTest
@testable import Recorder
import TraceParser

/// Writes trace.dat files from pages built by hand and reads them back with `trace-cmd report`
/// (and ext4trace's trace-cmd text reader on that report): every event must come back with its
/// CPU, pid, comm, timestamp and fields.
final class TraceDatWriterTests: XCTestCase {
    /// (cpu, timestamp, ino, pos) of the synthetic events; pid 4242 (`xfs_io`), dev 7:1, len 4096.
    /// Whole microseconds, since reports print µs.
    static let events: [(cpu: Int, ns: UInt64, ino: UInt64, pos: Int64)] = [
        (0, 1_000_000_001_000, 12, 0),
        (0, 1_000_000_002_000, 12, 4096),
        (1, 1_000_000_003_000, 13, 0),
        (0, 1_000_000_004_000, 12, 8192),
        (1, 1_000_000_005_000, 13, 4096),
    ]

    func contents(pagesPerCPU: [[UInt8]]) -> TraceDatContents {
        TraceDatContents(
            pageSize: 4096,
            headerPage: Array(RealFormats.headerPage.utf8),
            headerEvent: Array(RealFormats.headerEvent.utf8),
            ftraceFormats: [],
            eventFormats: [EventSystemFormats(system: "ext4", formats: [Array(RealFormats.daWriteBegin.utf8)])],
            kallsyms: [], printkFormats: [],
            savedCmdlines: Array("4242 xfs_io\n".utf8),
            traceClock: "[local] global counter uptime perf mono mono_raw boot tai x86-tsc\n",
            uname: "Linux test 6.18.0 x86_64",
            cpuStats: ["CPU: 0\nentries: 3\noverrun: 0\n", "CPU: 1\nentries: 2\noverrun: 0\n"],
            writerVersion: "ext4trace test",
            cpus: pagesPerCPU.map { .bytes($0) })
    }

    func syntheticContents() -> TraceDatContents {
        var rings = [SyntheticRingBuffer(), SyntheticRingBuffer()]
        for e in Self.events {
            rings[e.cpu].add(timestampNs: e.ns, payload: SyntheticRingBuffer.daWriteBegin(
                pid: 4242, dev: 7 << 20 | 1, ino: e.ino, pos: e.pos, len: 4096))
        }
        for i in rings.indices { rings[i].finishPage() }
        return contents(pagesPerCPU: rings.map(\.pages))
    }

    func write(_ c: TraceDatContents, _ version: TraceDatFileVersion) throws -> String {
        let path = NSTemporaryDirectory() + "ext4trace-writer-\(UUID().uuidString).dat"
        addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
        try TraceDatWriter.write(c, to: path, version: version)
        return path
    }

    /// Reads the report text back through ext4trace's trace-cmd reader.
    func parseReport(_ report: String) throws -> [TraceEvent] {
        let path = NSTemporaryDirectory() + "ext4trace-report-\(UUID().uuidString).txt"
        try report.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let source = try TraceFile.open(path)
        var events: [TraceEvent] = []
        while let e = try source.next() { events.append(e) }
        return events
    }

    func assertReadsBackEveryEvent(_ version: TraceDatFileVersion, file: StaticString = #filePath, line: UInt = #line) throws {
        let path = try write(syntheticContents(), version)
        let report = try ToolRunner.traceCmdReport(path)
        XCTAssertTrue(report.contains("xfs_io-4242  [000]  1000.000001: ext4_da_write_begin:  dev 7,1 ino 12 pos 0 len 4096"),
                      "report:\n\(report)", file: file, line: line)
        let events = try parseReport(report)
        XCTAssertEqual(events.count, Self.events.count, "report:\n\(report)", file: file, line: line)
        for (got, want) in zip(events, Self.events) {
            XCTAssertEqual(got.name, "ext4_da_write_begin", file: file, line: line)
            XCTAssertEqual(got.cpu, want.cpu, file: file, line: line)
            XCTAssertEqual(got.pid, 4242, file: file, line: line)
            XCTAssertEqual(got.comm, "xfs_io", file: file, line: line)
            XCTAssertEqual(got.timestampNs, want.ns, file: file, line: line)
            XCTAssertEqual(got.device, "7:1", file: file, line: line)
            XCTAssertEqual(got["ino"]?.uint, want.ino, file: file, line: line)
            XCTAssertEqual(got["pos"]?.int, want.pos, file: file, line: line)
            XCTAssertEqual(got["len"]?.uint, 4096, file: file, line: line)
        }
    }

    func testVersion7Zstd_traceCmdReportsEveryEventInTimeOrder() throws {
        try assertReadsBackEveryEvent(.v7(compressed: true))
    }

    func testVersion7Uncompressed_traceCmdReportsEveryEvent() throws {
        try assertReadsBackEveryEvent(.v7(compressed: false))
    }

    func testVersion6_traceCmdReportsEveryEvent() throws {
        try assertReadsBackEveryEvent(.v6)
    }

    func testManyPagesAcrossChunks_allEventsSurviveCompression() throws {
        // 3,000 events of 40 bytes: 30 pages on CPU 0, more than two 10-page zstd chunks.
        var ring = SyntheticRingBuffer()
        for i in 0..<3000 {
            ring.add(timestampNs: 5_000_000_000_000 + UInt64(i) * 1000, payload: SyntheticRingBuffer.daWriteBegin(
                pid: 4242, dev: 7 << 20 | 1, ino: 12, pos: Int64(i) * 4096, len: 4096))
        }
        ring.finishPage()
        XCTAssertGreaterThan(ring.pages.count / 4096, 2 * TraceDatWriter.pagesPerChunk)
        for version in [TraceDatFileVersion.v7(compressed: true), .v6] {
            let report = try ToolRunner.traceCmdReport(try write(contents(pagesPerCPU: [ring.pages, []]), version))
            let events = try parseReport(report)
            XCTAssertEqual(events.count, 3000, "\(version)")
            XCTAssertEqual(events.last?["pos"]?.int, 2999 * 4096, "\(version)")
            XCTAssertEqual(events.last?.timestampNs, 5_000_000_000_000 + 2999 * 1000, "\(version)")
        }
    }

    func testVersion7Header_namesVersionCompressionAndPageSize() throws {
        let data = try Array(Data(contentsOf: URL(fileURLWithPath: try write(syntheticContents(), .v7(compressed: true)))))
        XCTAssertEqual(Array(data[0..<10]), traceDatMagic)
        XCTAssertEqual(Array(data[10..<12]), Array("7".utf8) + [0])
        XCTAssertEqual(data[12], 0, "little-endian")
        XCTAssertEqual(data[13], 8, "long size")
        XCTAssertEqual(Array(data[14..<18]), [0x00, 0x10, 0, 0], "page size 4096")
        XCTAssertEqual(Array(data[18..<23]), Array("zstd".utf8) + [0])
    }
}
