import Foundation
import XCTest

/// `ext4trace crash` run as a user would, on a real trace of the series' kernel
/// (fixtures/crashlog/traced-*: the dm-log-writes log and the trace of the same run).
final class CrashCommandTests: XCTestCase {
    let window = "fixtures/crashlog/traced-writeback-dioread_lock-window-3/trace.txt.zst"

    /// The JSON of issue 14 §3: model, crash_points, counts, violations with kind, ino, blocks,
    /// point, line and explanation — here the kernel's own stale-data finding.
    func testJSON_hasTheIssuesShapeAndTheKernelsFinding() throws {
        let r = try CLI.run(["crash", window, "--model", "auto", "--io-latency-us", "50000", "--format", "json"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let json = try CLI.json(r.stdout)
        XCTAssertEqual(Set(json.keys), ["model", "crash_points", "counts", "violations"])
        XCTAssertEqual(json["model"] as? String, "buffer_head")
        XCTAssertEqual(json["crash_points"] as? Int, 69)
        let counts = try XCTUnwrap(json["counts"] as? [String: Int])
        XCTAssertEqual(counts, ["stale_data": 1, "lost_fsync": 0, "size_past_data": 0])
        let v = try XCTUnwrap((json["violations"] as? [[String: Any]])?.first)
        XCTAssertEqual(Set(v.keys), ["kind", "ino", "blocks", "point", "line", "explanation"])
        XCTAssertEqual(v["kind"] as? String, "stale_data")
        XCTAssertEqual(v["ino"] as? Int, 12)
        XCTAssertEqual(v["blocks"] as? String, "1024-1535")
        XCTAssertEqual(v["line"] as? Int, 12543)
        XCTAssertTrue((v["explanation"] as? String ?? "").contains("committed written in transaction 3"))
    }

    /// Text puts the three paths side by side by default, pessimistic counts under each.
    func testText_comparesThePathsSideBySide() throws {
        let r = try CLI.run(["crash", window, "--io-latency-us", "50000"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let lines = r.stdout.split(separator: "\n").map(String.init)
        XCTAssertTrue(lines[0].contains("stale_data") && lines[0].contains("size_past_data"))
        XCTAssertEqual(lines[1].split(separator: " ").map(String.init), ["buffer_head", "69", "1", "0", "0"])
        XCTAssertTrue(lines[3].hasPrefix("iomap") && lines[5].hasPrefix("delaymap"))
        XCTAssertTrue(r.stdout.contains("stale_data: inode 12 blocks 1024-1535"))
    }

    /// HTML: one page, inline SVG, no external resource.
    func testHTML_isSelfContained() throws {
        let r = try CLI.run(["crash", window, "--model", "buffer_head", "--io-latency-us", "50000", "--format", "html"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.hasPrefix("<!DOCTYPE html>"))
        XCTAssertTrue(r.stdout.contains("<svg") && r.stdout.contains("fill-opacity"))
        XCTAssertFalse(r.stdout.contains("<script") || r.stdout.contains("src=\"http"))
    }

    func testUnknownWhatIf_isAUsageError() throws {
        let r = try CLI.run(["crash", window, "--what-if", "nope"])
        XCTAssertNotEqual(r.status, 0)
        XCTAssertTrue(r.stderr.contains("--what-if takes written-allocation, disksize-at-submit, zero-in-transaction, no-ordered"), r.stderr)
    }
}
