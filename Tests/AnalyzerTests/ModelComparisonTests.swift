import Analyzer
import TraceParser
import XCTest

/// `model`'s table (`ModelComparison`): the captured kernel's column read from its own events,
/// the same figures `report` gives, and a one-line explanation under each large difference.
final class ModelComparisonTests: XCTestCase {
    static func observed(_ capture: String) throws -> ObservedKernel {
        var o = ObservedKernel()
        for e in try Captures.events(capture) { o.note(e) }
        return o
    }

    /// ext4-seq-write-4k (256 pwrite64 of 4 KiB): the capture column counts the workload and
    /// the kernel's decisions event by event.
    func testCaptureColumn_countsTheKernelsEvents() throws {
        let events = try Captures.events("ext4-seq-write-4k")
        let o = try Self.observed("ext4-seq-write-4k")
        let writes = events.filter { $0.name == "sys_enter_pwrite64" }
        XCTAssertEqual(o.pwrites, writes.count)
        XCTAssertEqual(o.bytesWritten, writes.reduce(0) { $0 + ($1["count"]?.uint ?? 0) })
        XCTAssertEqual(o.delayedInserts, Captures.count(events, "ext4_es_insert_delayed_extent"))
        XCTAssertEqual(o.daExtents, Captures.count(events, "ext4_da_write_pages_extent"))
        let column = ModelColumn(observed: o)
        XCTAssertEqual(column.name, "capture")
        XCTAssertEqual(column.writes, 256)
        XCTAssertEqual(column.mebibytes, 1)
        XCTAssertEqual(column.handles, Captures.count(events, "jbd2_handle_stats"))
        XCTAssertEqual(column.commits, Captures.count(events, "jbd2_run_stats"))
    }

    /// `model`'s capture column and `report` count the journal alike, on every ext4 capture
    /// with a journal: handles by type, commits and blocks logged.
    func testCaptureColumn_agreesWithReport() throws {
        for capture in ["ext4-append-fsync", "ext4-falloc-overwrite", "ext4-many-small-files", "ext4-journal-seq-write-4k"] {
            let report = try Captures.report(capture)
            let column = ModelColumn(observed: try Self.observed(capture))
            XCTAssertEqual(column.handlesByType, report.total.handles.mapValues(\.handles), capture)
            XCTAssertEqual(column.commits, report.commitCount, capture)
            XCTAssertEqual(UInt64(column.blocksLogged), report.blocksLogged, capture)
        }
    }

    /// A column without the capture's conversion handles gets the explanation under the
    /// EXT_CONVERT row, and the JSON names every column.
    func testLargeDifference_isExplainedUnderItsRow() throws {
        let o = try Self.observed("ext4-append-fsync")
        let capture = ModelColumn(observed: o)
        let converted = try XCTUnwrap(capture.handlesByType[11])
        XCTAssertGreaterThanOrEqual(converted, 2)
        var handles = capture.handlesByType
        handles[11] = nil
        let delaymap = ModelColumn(model: "delaymap", workload: o, writeMapCalls: capture.writeMapCalls,
                                   writebackMapCalls: capture.writebackMapCalls, handlesByType: handles,
                                   credits: capture.credits, commits: capture.commits,
                                   blocksLogged: capture.blocksLogged, conversions: 0)
        let table = ModelComparison(columns: [capture, delaymap])
        let lines = table.text().split(separator: "\n").map(String.init)
        let row = try XCTUnwrap(lines.firstIndex { $0.hasPrefix("  type 11 (ext_convert)") }, table.text())
        XCTAssertEqual(lines[row].split(separator: " ").suffix(2), ["\(converted)", "0"])
        XCTAssertEqual(lines[row + 1], "    ↳ delaymap inserts written extents at I/O completion: no unwritten extent, no conversion handle")
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(table.json().utf8)) as? [String: Any])
        XCTAssertEqual((json["models"] as? [[String: Any]])?.compactMap { $0["model"] as? String }, ["capture", "delaymap"])
    }
}
