import Analyzer
import CSQLite
import Foundation
import TraceParser
import XCTest

final class ExportTests: XCTestCase {
    var scratch = ""

    override func setUpWithError() throws {
        scratch = NSTemporaryDirectory() + "ext4trace-export-\(getpid())-\(name.filter { $0.isLetter })"
        try? FileManager.default.removeItem(atPath: scratch)
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: scratch) }

    func export(_ capture: String, into exporter: inout some EventExporter) throws -> [TraceEvent] {
        let events = try Captures.events(capture)
        for e in events { try exporter.write(e) }
        _ = try exporter.finish()
        return events
    }

    /// Valid JSON; every event is a slice end, a slice start or an instant; slices pair the
    /// real enter/exit events (10 ext4_sync_file in ten fsyncs).
    func testChrome_isValidJSONAccountingForEveryEvent() throws {
        var exporter = try ChromeTraceExporter(path: scratch + "/t.json")
        let events = try export("ext4-append-fsync", into: &exporter)
        let root = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: scratch + "/t.json"))) as? [String: Any]
        let all = try XCTUnwrap(root?["traceEvents"] as? [[String: Any]])
        let slices = all.filter { $0["ph"] as? String == "X" }
        let instants = all.filter { $0["ph"] as? String == "i" }
        let tasks = Set(events.map(\.pid))
        XCTAssertEqual(all.filter { $0["ph"] as? String == "M" }.count, 2 * tasks.count)
        XCTAssertEqual(2 * slices.count + instants.count, events.count)
        XCTAssertEqual(slices.filter { $0["name"] as? String == "ext4_sync_file" }.count, Captures.count(events, "ext4_sync_file_exit"))
        XCTAssertEqual(slices.filter { $0["name"] as? String == "jbd2_commit" }.count, Captures.count(events, "jbd2_end_commit"))
        for s in slices { XCTAssertGreaterThanOrEqual(s["dur"] as? Double ?? -1, 0) }
        // The first ext4_sync_file: 2027.501816 → 2027.502804.
        let first = try XCTUnwrap(slices.filter { $0["name"] as? String == "ext4_sync_file" }.min { ($0["ts"] as? Double ?? 0) < ($1["ts"] as? Double ?? 0) })
        XCTAssertEqual(first["ts"] as? Double ?? 0, 2_027_501_816, accuracy: 0.001)
        XCTAssertEqual(first["dur"] as? Double ?? 0, 988, accuracy: 0.001)
    }

    /// One table per event type, rows equal to the events of that type, integers typed as such.
    func testSQLite_rowCountsEqualEventCounts() throws {
        var exporter = try SQLiteExporter(path: scratch + "/t.db")
        let events = try export("ext4-append-fsync", into: &exporter)
        var db: OpaquePointer?
        XCTAssertEqual(sqlite3_open(scratch + "/t.db", &db), SQLITE_OK)
        defer { sqlite3_close(db) }
        func query(_ sql: String) -> [[String]] {
            var stmt: OpaquePointer?
            guard sqlite3_prepare_v2(db, sql, -1, &stmt, nil) == SQLITE_OK else { XCTFail(sql); return [] }
            defer { sqlite3_finalize(stmt) }
            var rows: [[String]] = []
            while sqlite3_step(stmt) == SQLITE_ROW {
                rows.append((0..<sqlite3_column_count(stmt)).map { i in sqlite3_column_text(stmt, i).map { String(cString: $0) } ?? "NULL" })
            }
            return rows
        }
        let byType = Dictionary(grouping: events, by: \.name).mapValues(\.count)
        let listed = query("SELECT event, rows FROM event_types")
        XCTAssertEqual(listed.count, byType.count)
        for row in listed {
            XCTAssertEqual(Int(row[1]), byType[row[0]], row[0])
            XCTAssertEqual(query("SELECT count(*) FROM \"\(row[0])\"").first?.first, String(byType[row[0]] ?? -1), row[0])
        }
        XCTAssertEqual(query("SELECT typeof(ino), typeof(dev), typeof(ts_ns) FROM ext4_da_write_begin LIMIT 1").first ?? [], ["integer", "text", "integer"])
        // The 6 KiB pwrite at 32 KiB: write_begin logs the whole remaining length.
        XCTAssertEqual(query("SELECT len FROM ext4_da_write_begin WHERE pos = 32768").first?.first, "6144")
        // block_rq_issue has a `comm` field of its own; the task name column is `task`.
        XCTAssertEqual(query("SELECT task, comm FROM block_rq_issue WHERE line = 24").first ?? [], ["xfs_io", "xfs_io"])
    }

    func testCSV_oneFilePerEventTypeWithAHeaderAndOneRowPerEvent() throws {
        var exporter = try CSVExporter(directory: scratch + "/csv")
        let events = try export("ext4-seq-write-4k", into: &exporter)
        let byType = Dictionary(grouping: events, by: \.name).mapValues(\.count)
        let files = try FileManager.default.contentsOfDirectory(atPath: scratch + "/csv")
        XCTAssertEqual(Set(files), Set(byType.keys.map { $0 + ".csv" }))
        let writes = try String(contentsOfFile: scratch + "/csv/sys_enter_pwrite64.csv", encoding: .utf8)
        let lines = writes.split(separator: "\n")
        XCTAssertEqual(lines.first, "ts,cpu,pid,task,line,fd,buf,count,pos,extra")
        XCTAssertEqual(lines.count - 1, 256)
        XCTAssertTrue(lines.dropFirst().allSatisfy { $0.split(separator: ",", omittingEmptySubsequences: false)[7] == "4096" })
    }
}
