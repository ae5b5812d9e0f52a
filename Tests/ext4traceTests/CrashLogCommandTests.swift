import Foundation
import XCTest

/// `record --crash-log` and `crashlog` run as a user would.
final class CrashLogCommandTests: XCTestCase {
    func testCrashLogWithoutACrashWorkload_isAUsageError() throws {
        let r = try CLI.run(["record", "--crash-log", "--workload", "builtin:append", "-o", "/tmp/never-made-crash"])
        XCTAssertNotEqual(r.status, 0)
        XCTAssertTrue(r.stderr.contains("--crash-log needs --workload crash:KIND"), r.stderr)
        let bad = try CLI.run(["record", "--crash-log", "--workload", "crash:nope", "-o", "/tmp/never-made-crash"])
        XCTAssertNotEqual(bad.status, 0)
        XCTAssertTrue(bad.stderr.contains("window, append, truncate-append, falloc-overwrite"), bad.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: "/tmp/never-made-crash"))
    }

    func testCrashlogOnADirectoryWithoutALog_isOneLineAndExit2() throws {
        let r = try CLI.run(["crashlog", "fixtures/ext4-append-fsync"])
        XCTAssertEqual(r.status, 2)
        XCTAssertEqual(r.stderr, "ext4trace: crashlog: fixtures/ext4-append-fsync/meta.json: not the meta.json of a record --crash-log capture (format missing)\n")
        let none = try CLI.run(["crashlog", "fixtures/fio"])
        XCTAssertEqual(none.stderr, "ext4trace: crashlog: fixtures/fio/meta.json: cannot read\n")
    }

    /// Boots the series' kernel, records a small crash log and checks it: the whole path, in a
    /// VM (single-threaded TCG where KVM cannot run), as CI does with ../shared/kernel.
    func testRecordInTheSeriesKernel_thenCheck_findsCrashPointsAndTheFsyncMarks() throws {
        let image = CLI.repositoryRoot + "/../shared/kernel/bzImage"
        guard FileManager.default.fileExists(atPath: image) else { throw XCTSkip("no kernel image at \(image)") }
        guard geteuid() == 0 else { throw XCTSkip("record --kernel runs the guest as root") }
        for tool in ["vng", "qemu-system-x86_64", "dmsetup", "e2fsck", "debugfs"] where !inPath(tool) {
            throw XCTSkip("\(tool) is not installed (scripts/setup)")
        }
        let dir = "/tmp/ext4trace-crashlog-cli-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let rec = try CLI.run(["record", "--kernel", image, "--crash-log", "--size", "32M",
                               "--workload", "crash:append:count=6,fsync=2", "-o", dir])
        XCTAssertEqual(rec.status, 0, rec.stderr)
        XCTAssertTrue(FileManager.default.fileExists(atPath: dir + "/log-writes.zst"))
        let meta = try String(contentsOfFile: dir + "/meta.json", encoding: .utf8)
        XCTAssertTrue(meta.contains("\"kernel_image\":\"") && meta.contains("\"kernel_image_sha256\":\""), meta)

        let check = try CLI.run(["crashlog", "--format", "json", dir])
        XCTAssertEqual(check.status, 0, check.stderr)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(check.stdout.utf8)) as? [String: Any])
        XCTAssertGreaterThan(json["crash_points"] as? Int ?? 0, 3)
        let counts = try XCTUnwrap(json["counts"] as? [String: Int])
        XCTAssertEqual(Set(counts.keys), ["stale_data", "lost_fsync", "size_past_data"])
        XCTAssertEqual(counts["lost_fsync"], 0, "data=ordered keeps every fsync: \(check.stdout)")
        XCTAssertEqual(counts["stale_data"], 0, "\(check.stdout)")

        // The same run's trace: the model judges it too, and agrees.
        let model = try CLI.run(["crash", "--model", "auto", "--format", "json", dir + "/trace.dat"])
        XCTAssertEqual(model.status, 0, model.stderr)
        let m = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(model.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(m["model"] as? String, "buffer_head")
        XCTAssertGreaterThan(m["crash_points"] as? Int ?? 0, 3, "3 fsyncs commit and their writes complete")
        XCTAssertEqual(m["counts"] as? [String: Int], ["stale_data": 0, "lost_fsync": 0, "size_past_data": 0])
    }

    private func inPath(_ tool: String) -> Bool {
        (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/usr/sbin").split(separator: ":")
            .contains { FileManager.default.isExecutableFile(atPath: "\($0)/\(tool)") }
    }
}
