import TestSupport
@testable import TraceParser
import XCTest

/// The text reader's per-line shortcuts (lines read in place from a chunk, one event decoded
/// into over and over, the pooled name table) must give what the plain paths give, on real
/// captures: ftrace text, trace-cmd report (instances, `-l` flags) and perf script.
final class TextReaderReuseTests: XCTestCase {
    static let inputs = [
        "ext4-append-fsync/trace.txt.zst", "ext4-append-fsync/report.txt.zst",
        "ext4-perf-script/perf-script.txt.zst", "iomap/seq-write-4k/iomap/trace.txt.zst", "fuzz-seeds/ftrace.txt", "fuzz-seeds/perf.txt", "fuzz-seeds/report.txt",
    ]

    /// The whole (decompressed) text of a fixture.
    static func bytes(_ relative: String) throws -> [UInt8] {
        let source = try TraceFile.textSource(Fixtures.path(relative))
        var out: [UInt8] = []
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 16, alignment: 8)
        defer { buffer.deallocate() }
        while true {
            let n = try source.read(into: buffer)
            if n == 0 { break }
            out.append(contentsOf: buffer[0..<n])
        }
        return out
    }

    /// Every line with its number, as `LineReader.next()` gives them.
    static func lines(_ reader: LineReader) throws -> [(String, Int)] {
        var out: [(String, Int)] = []
        while let line = try reader.next() {
            switch line {
            case .text(let b, let number): out.append((String(decoding: b, as: UTF8.self), number))
            case .overlong(let number, let bytes): out.append(("<overlong \(bytes)>", number))
            }
        }
        return out
    }

    func testLinesLentInPlace_equalLinesReadFromTheSource() throws {
        for input in Self.inputs {
            var bytes = try Self.bytes(input)
            let copied = try Self.lines(LineReader(MemoryByteSource(bytes)))
            // Lent twice over the same reader: `restart(lending:)` starts over each time.
            let reader = LineReader(MemoryByteSource([]))
            for _ in 0..<2 {
                let lent = try bytes.withUnsafeBufferPointer { b in
                    reader.restart(lending: b)
                    return try Self.lines(reader)
                }
                XCTAssertEqual(lent.map(\.0), copied.map(\.0), input)
                XCTAssertEqual(lent.map(\.1), copied.map(\.1), input)
            }
            // Without its final newline the last line still comes, unterminated.
            if bytes.last == 0x0A { bytes.removeLast() }
            let unterminated = try bytes.withUnsafeBufferPointer { b in
                reader.restart(lending: b)
                return try Self.lines(reader)
            }
            XCTAssertEqual(unterminated.map(\.0), copied.map(\.0), input)
        }
        let empty = LineReader(MemoryByteSource([]))
        empty.restart(lending: UnsafeBufferPointer(start: nil, count: 0))
        XCTAssertNil(try empty.next())
    }

    func testEventDecodedIntoOverAndOver_equalsEachLineDecodedAfresh() throws {
        for input in Self.inputs {
            let bytes = try Self.bytes(input)
            let format: InputFormat = input.contains("report") ? .traceCmd : input.contains("perf") ? .perf : .ftrace
            let fresh = TextTraceReader(source: MemoryByteSource([]), format: format, options: TraceReadOptions())
            let reused = TextTraceReader(source: MemoryByteSource([]), format: format, options: TraceReadOptions())
            let lines = LineReader(MemoryByteSource(bytes))
            var event = TraceEvent(timestampNs: 7, cpu: 9, pid: 9, tgid: 9, comm: "stale", instance: "stale",
                                   system: "stale", name: "stale", fields: [EventField("stale", .uint(1))],
                                   position: .record(1), printedBody: "stale")
            var count = 0
            while let line = try lines.next() {
                guard case .text(let b, let number) = line else { continue }
                let expected = fresh.decode(b, number: number)
                let before = event
                let decoded = reused.decode(b, number: number, into: &event)
                XCTAssertEqual(decoded, expected != nil, "\(input):\(number)")
                if let expected {
                    XCTAssertEqual(event, expected, "\(input):\(number)")
                    XCTAssertNil(event.printedBody)
                    count += 1
                } else {
                    XCTAssertEqual(event, before, "\(input):\(number): a line that is no event leaves the event alone")
                }
            }
            XCTAssertGreaterThan(count, 20, input)
            XCTAssertEqual(reused.diagnostics.unparsedLines, fresh.diagnostics.unparsedLines, input)
            XCTAssertEqual(reused.diagnostics.genericFallbacks, fresh.diagnostics.genericFallbacks, input)
        }
    }

    func testNameTable_internsEveryTaskAndEventNameOnceThroughGrowth() throws {
        var table = NameTable(capacity: 0)              // 16 slots: grows several times
        var expected: [String: Int] = [:]
        for input in Self.inputs {
            for line in try Fixtures.lines(Fixtures.path(input)) {
                // Every word of the line: task names, event names, field names and values.
                for word in line.split(separator: " ") {
                    let bytes = Array(word.utf8)
                    let index = bytes.withUnsafeBufferPointer { table.intern($0) }
                    if let known = expected[String(word)] {
                        XCTAssertEqual(index, known, String(word))
                    } else {
                        XCTAssertEqual(index, expected.count, String(word))
                        expected[String(word)] = index
                    }
                }
            }
        }
        XCTAssertGreaterThan(expected.count, 1000)
        XCTAssertEqual(table.count, expected.count)
        for (word, index) in expected { XCTAssertEqual(table.values[index], word) }
        let empty: [UInt8] = []
        let e = empty.withUnsafeBufferPointer { table.intern($0) }
        XCTAssertEqual(empty.withUnsafeBufferPointer { table.intern($0) }, e)
    }
}
