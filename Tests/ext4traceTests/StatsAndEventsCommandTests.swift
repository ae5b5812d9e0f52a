import Foundation
import TestSupport
import XCTest

/// `ext4trace stats` and `ext4trace events`, end to end on real captures.
final class StatsAndEventsCommandTests: XCTestCase {
    let trace = Fixtures.path("ext4-seq-write-4k/trace.txt.zst")

    /// 256 writes of 4 KiB (`pwrite -b 4k 0 1m`): 256 write_begin events; 3359 events in all,
    /// the kernel's own `entries-in-buffer` count.
    func testStatsJSON_countsTheCapture() throws {
        let r = try CLI.run(["stats", trace, "--format", "json"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let j = try CLI.json(r.stdout)
        XCTAssertEqual(j["format"] as? String, "ftrace")
        XCTAssertEqual(j["events"] as? Int, 3359)
        XCTAssertEqual((j["by_event"] as? [String: Int])?["ext4_da_write_begin"], 256)
        XCTAssertEqual((j["by_event"] as? [String: Int])?["sys_enter_pwrite64"], 256)
        XCTAssertEqual(j["lost_events"] as? Int, 0)
        XCTAssertEqual(j["unparsed_lines"] as? Int, 0)
        XCTAssertEqual(j["cpus"] as? Int, 2)
        XCTAssertEqual((j["first_ts"] as? NSNumber)?.doubleValue, 2025.835764)
        XCTAssertEqual(Set(j.keys), ["format", "events", "by_event", "lost_events", "unparsed_lines", "cpus", "first_ts", "last_ts"])
    }

    func testStatsText_isATableForPeople() throws {
        let r = try CLI.run(["stats", trace])
        XCTAssertEqual(r.status, 0)
        XCTAssertTrue(r.stdout.contains("ftrace, 3359 events on 2 CPUs"), r.stdout)
        XCTAssertTrue(r.stdout.contains("ext4_da_write_begin"))
    }

    func testEventsJSONL_oneObjectPerEventWithLineNumbers() throws {
        let r = try CLI.run(["events", trace, "--event", "ext4_da_write_begin", "--ino", "12", "--dev", "7,1"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let lines = r.stdout.split(separator: "\n")
        XCTAssertEqual(lines.count, 256)
        let first = try CLI.json(String(lines[0]))
        XCTAssertEqual(first["event"] as? String, "ext4_da_write_begin")
        XCTAssertEqual(first["system"] as? String, "ext4")
        XCTAssertEqual(first["comm"] as? String, "xfs_io")
        XCTAssertNotNil(first["line"] as? Int)
        let fields = try XCTUnwrap(first["fields"] as? [String: Any])
        XCTAssertEqual(fields["dev"] as? String, "7:1")
        XCTAssertEqual(fields["ino"] as? Int, 12)
        XCTAssertEqual(fields["pos"] as? Int, 0)
        XCTAssertEqual(fields["len"] as? Int, 4096)
        let last = try CLI.json(String(lines[255]))
        XCTAssertEqual((last["fields"] as? [String: Any])?["pos"] as? Int, 255 * 4096)
    }

    func testEventsCSV_hasAHeaderAndARowPerEvent() throws {
        let r = try CLI.run(["events", trace, "--format", "csv", "--event", "jbd2_run_stats"])
        XCTAssertEqual(r.status, 0)
        let rows = r.stdout.split(separator: "\n")
        XCTAssertEqual(rows.first, "ts,cpu,pid,comm,system,event,position,fields")
        XCTAssertGreaterThan(rows.count, 1)
        XCTAssertTrue(rows[1].contains(",jbd2,jbd2_run_stats,"))
    }

    func testBadInput_isOneLineOnStderrAndExitTwo() throws {
        let r = try CLI.run(["stats", "/nonexistent/trace.txt"])
        XCTAssertEqual(r.status, 2)
        XCTAssertEqual(r.stderr, "ext4trace: /nonexistent/trace.txt: cannot open: No such file or directory\n")
        XCTAssertEqual(r.stdout, "")
        let bad = try CLI.run(["events", trace, "--dev", "sda"])
        XCTAssertNotEqual(bad.status, 0)
        XCTAssertTrue(bad.stderr.contains("--dev takes major:minor"), bad.stderr)
    }

    /// `--verbose` lists each line that was not an event, with its number, on stderr.
    func testVerbose_listsUnparsedLinesWithTheirNumbers() throws {
        let path = NSTemporaryDirectory() + "ext4trace-verbose-\(getpid()).txt"
        let good = "          xfs_io-3447    [000] .....  2025.836836: ext4_sync_fs: dev 7,1 wait 1\n"
        try (good + "not an event\n" + good).write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let r = try CLI.run(["stats", path, "--verbose", "--format", "json"])
        XCTAssertEqual(r.status, 0)
        XCTAssertEqual(try CLI.json(r.stdout)["unparsed_lines"] as? Int, 1)
        XCTAssertEqual(try CLI.json(r.stdout)["events"] as? Int, 2)
        XCTAssertEqual(r.stderr, "unparsed: line 2: no task-pid, [cpu] and timestamp\n")
    }

    func testHelp_teachesWithExamples() throws {
        let r = try CLI.run(["stats", "--help"])
        XCTAssertEqual(r.status, 0)
        XCTAssertTrue(r.stdout.contains("Example"), r.stdout)
        XCTAssertTrue(r.stdout.contains("--input-format"))
    }
}
