import TestSupport
import TraceParser
import XCTest

/// `format` files a hostile or broken kernel (or a fuzzer) could write: each is parsed in
/// bounded time, and a line of that event still reads.
final class HostileFormatTests: XCTestCase {
    func format(_ printFormat: String) -> String {
        """
        name: hostile
        ID: 7
        format:
        \tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;
        \tfield:unsigned int a;\toffset:8;\tsize:4;\tsigned:0;

        print fmt: \(printFormat)
        """
    }

    func read(_ printFormat: String, body: String = "a 1") throws -> [TraceEvent] {
        let f = try EventFormat.parse(format(printFormat), system: "test")
        let registry = FormatRegistry([f])
        let line = "          xfs_io-3447    [000] .....  2025.836836: hostile: \(body)\n"
        let reader = TextTraceReader(source: MemoryByteSource(Array(line.utf8)), format: .ftrace,
                                     options: TraceReadOptions(formats: registry))
        var events: [TraceEvent] = []
        while let e = try reader.next() { events.append(e) }
        return events
    }

    func testDeeplyNestedArgument_parsesInBoundedTime() throws {
        let nested = String(repeating: "(", count: 20_000) + "REC->a" + String(repeating: ")", count: 20_000)
        let start = ContinuousClock.now
        let events = try read("\"a %u\", \(nested)")
        XCTAssertLessThan(ContinuousClock.now - start, .seconds(20))
        XCTAssertEqual(events.first?["a"], .uint(1))
    }

    func testMalformedPrintFormats_fallBackToGenericFields() throws {
        for bad in ["\"a %u", "a %u\", REC->a", "\"a %", "\"%%%%%\", REC->a", "\"a %u %u %u\", REC->a",
                    "\"a %*.*lld\"", "\"\\", String(repeating: "\"x\" ", count: 10_000)] {
            let events = try read(bad)
            XCTAssertEqual(events.count, 1, bad)
            XCTAssertEqual(events.first?.name, "hostile", bad)
        }
    }

    func testSelfReferentialLooking_formatDoesNotLoop() throws {
        // A print format whose arguments mention other formats' helpers and itself.
        let events = try read("\"a %s\", __print_flags(__print_flags(__print_flags(REC->a, \"|\", {1, \"X\"}), \"|\"), \"|\")",
                              body: "a X")
        XCTAssertEqual(events.first?["a"], .string("X"))
    }
}
