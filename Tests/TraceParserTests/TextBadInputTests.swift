import TestSupport
import TraceParser
import XCTest

/// Hostile and broken text input: every case ends with events read and damage counted, or one
/// clear error naming the file — never a crash, a hang or unbounded memory.
final class TextBadInputTests: XCTestCase {
    let goodLine = "          xfs_io-3447    [000] .....  2025.836836: ext4_sync_fs: dev 7,1 wait 1\n"

    func testMissingFile_isOneClearError() {
        XCTAssertThrowsError(try TraceFile.open("/nonexistent/trace.txt")) { error in
            let e = error as? TraceError
            XCTAssertEqual(e?.kind, .io)
            XCTAssertEqual(e?.description, "/nonexistent/trace.txt: cannot open: No such file or directory")
        }
    }

    func testDirectory_isRejected() {
        XCTAssertThrowsError(try TraceFile.open("/tmp")) { error in
            XCTAssertEqual((error as? TraceError)?.description, "/tmp: is a directory, not a trace file")
        }
    }

    func testEmptyFile_hasNoEvents() throws {
        let (events, d) = try Fixtures.events(temporaryFile(""))
        XCTAssertEqual(events.count, 0)
        XCTAssertEqual(d.unparsedLines, 0)
    }

    func testRandomBytes_areNotATrace() {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<65536).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let path = temporaryFile(String(decoding: bytes, as: UTF8.self))
        XCTAssertThrowsError(try Fixtures.events(path)) { error in
            XCTAssertEqual((error as? TraceError)?.kind, .notATrace)
        }
    }

    func testGarbageLinesBetweenEvents_costNoEvent() throws {
        let text = goodLine + "garbage here\n" + "\u{0}\u{0}binary\u{0}\n" + goodLine + "   [000] 12.5: \n" + goodLine
        let (events, d) = try Fixtures.events(temporaryFile(text), options: TraceReadOptions(inputFormat: .ftrace))
        XCTAssertEqual(events.count, 3)
        XCTAssertEqual(d.unparsedLines, 3)
        XCTAssertEqual(d.unparsed.map(\.location), [.line(2), .line(3), .line(5)])
        XCTAssertEqual(events.map(\.position), [.line(1), .line(4), .line(6)])
    }

    /// A 16 MiB line with no newline is skipped in bounded memory, and the events around it
    /// still count.
    func testSixteenMebibyteLine_isSkippedNotBuffered() throws {
        let long = String(repeating: "x", count: 16 << 20)
        let (events, d) = try Fixtures.events(temporaryFile(goodLine + long + "\n" + goodLine), options: TraceReadOptions(inputFormat: .ftrace))
        XCTAssertEqual(events.count, 2)
        XCTAssertEqual(d.unparsedLines, 1)
        XCTAssertEqual(d.unparsed.first?.location, .line(2))
        let (trailing, d2) = try Fixtures.events(temporaryFile(goodLine + long), options: TraceReadOptions(inputFormat: .ftrace))
        XCTAssertEqual(trailing.count, 1)
        XCTAssertEqual(d2.unparsedLines, 1)
    }

    func testAbsurdNumbers_fallBackToText() throws {
        let line = "          xfs_io-3447    [000] .....  2025.836836: ext4_sync_fs: dev 7,1 wait 99999999999999999999999\n"
        let (events, d) = try Fixtures.events(temporaryFile(line))
        XCTAssertEqual(events.first?["wait"], .string("99999999999999999999999"))
        XCTAssertEqual(d.unparsedLines, 0)
        let badTimestamp = "          xfs_io-3447    [000] .....  99999999999999999999.836836: ext4_sync_fs: dev 7,1 wait 1\n"
        let (none, d2) = try Fixtures.events(temporaryFile(goodLine + badTimestamp), options: TraceReadOptions(inputFormat: .ftrace))
        XCTAssertEqual(none.count, 1)
        XCTAssertEqual(d2.unparsedLines, 1)
    }

    func testTruncatedZstd_isAnErrorAfterTheEventsBeforeIt() throws {
        let source = Fixtures.path("ext4-seq-write-4k/trace.txt.zst")
        let fd = open(source, O_RDONLY)
        var bytes = [UInt8](repeating: 0, count: 1 << 20)
        let n = bytes.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        close(fd)
        let cut = temporaryFile("", suffix: ".zst")
        let out = open(cut, O_WRONLY | O_TRUNC)
        _ = bytes.withUnsafeBytes { write(out, $0.baseAddress, n / 2) }
        close(out)
        let reader = try TraceFile.open(cut)
        var count = 0
        XCTAssertThrowsError(try { while try reader.next() != nil { count += 1 } }()) { error in
            XCTAssertEqual((error as? TraceError)?.kind, .corrupt)
            XCTAssertTrue((error as? TraceError)?.description.contains("zstd") ?? false)
        }
        XCTAssertGreaterThan(count, 100, "events before the damage are returned")
    }
}
