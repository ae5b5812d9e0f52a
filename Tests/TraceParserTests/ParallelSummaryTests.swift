import TestSupport
import TraceParser
import XCTest

/// `stats` on several cores reads a plain text file in byte ranges cut at line boundaries:
/// the merged summary must equal one reader's, whatever the number of parts.
final class ParallelSummaryTests: XCTestCase {
    func testParallelSummary_equalsOneReader() throws {
        let lines = try Fixtures.lines(Fixtures.path("ext4-seq-write-1m/trace.txt.zst"))
        let text = lines.joined(separator: "\n") + "\n" + "garbage in the middle\n" + lines.suffix(100).joined(separator: "\n") + "\n"
        let path = temporaryFile(text)
        let one = try TraceFile.summarize(path, options: TraceReadOptions(decodeFields: false), cores: 1)
        XCTAssertGreaterThan(one.events, 25_000)
        XCTAssertEqual(one.diagnostics.unparsedLines, 1)
        for cores in [2, 3, 7] {
            let many = try TraceFile.summarize(path, options: TraceReadOptions(decodeFields: false),
                                               cores: cores, parallelFromBytes: 0)
            XCTAssertEqual(many.events, one.events, "\(cores) parts")
            XCTAssertEqual(many.countsByName, one.countsByName, "\(cores) parts")
            XCTAssertEqual(many.cpusSeen, one.cpusSeen)
            XCTAssertEqual(many.firstTimestampNs, one.firstTimestampNs)
            XCTAssertEqual(many.lastTimestampNs, one.lastTimestampNs)
            XCTAssertEqual(many.diagnostics.cpus, one.diagnostics.cpus)
            XCTAssertEqual(many.diagnostics.unparsedLines, 1)
            // Line numbers of later parts are shifted by the lines before them.
            XCTAssertEqual(many.diagnostics.unparsed.map(\.location), one.diagnostics.unparsed.map(\.location), "\(cores) parts")
        }
    }
}
