import TestSupport
import TraceParser
import XCTest

/// `TraceReadOptions.decodeFieldsOf`: readers decode the fields of the named events only,
/// and every event still comes out with its name, time and task.
final class DecodeFilterTests: XCTestCase {
    func testOnlyTheNamedEventsHaveFields_textAndTraceDat() throws {
        var options = TraceReadOptions()
        options.decodeFieldsOf = { _, name in name == "ext4_da_write_begin" }
        for file in ["trace.txt.zst", "trace.dat"] {
            let path = Fixtures.path("ext4-append-fsync/\(file)")
            let (all, _) = try Fixtures.events(path)
            let (filtered, _) = try Fixtures.events(path, options: options)
            XCTAssertEqual(filtered.count, all.count, file)
            XCTAssertEqual(filtered.map(\.name), all.map(\.name), file)
            XCTAssertEqual(filtered.map(\.timestampNs), all.map(\.timestampNs), file)
            for (f, a) in zip(filtered, all) {
                if f.name == "ext4_da_write_begin" {
                    XCTAssertEqual(f.fields, a.fields, file)
                    XCTAssertFalse(f.fields.isEmpty, file)
                } else {
                    XCTAssertTrue(f.fields.isEmpty, "\(file): \(f.name) was decoded")
                }
            }
        }
    }
}
