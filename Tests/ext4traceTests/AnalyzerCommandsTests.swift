import Foundation
import XCTest

/// `report`, `compare`, `fio` and `export`, run as a user runs them (the built binary, from
/// the repository root).
final class AnalyzerCommandsTests: XCTestCase {
    func run(_ args: [String]) throws -> CLI.Result { try CLI.run(args) }

    func testReport_jsonTotalsMatchTheWorkload() throws {
        let r = try run(["report", "fixtures/ext4-seq-write-4k/trace.txt.zst", "--format", "json"])
        XCTAssertEqual(r.status, 0, r.err)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any])
        let total = try XCTUnwrap(json["total"] as? [String: Any])
        XCTAssertEqual((total["metrics"] as? [String: Any])?["writes"] as? Double, 256)
        XCTAssertEqual(total["write_sizes"] as? [String: Int], ["4096": 256])
        XCTAssertEqual((json["global"] as? [String: Any])?["commits"] as? Double, 2)
    }

    func testReport_writesAnHTMLPageToo() throws {
        let out = NSTemporaryDirectory() + "ext4trace-report-\(getpid()).html"
        defer { try? FileManager.default.removeItem(atPath: out) }
        let r = try run(["report", "fixtures/xfs-seq-write-1k/trace.txt.zst", "--html", out])
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertTrue(r.out.contains("iomap_begin per write"))
        let page = try String(contentsOfFile: out, encoding: .utf8)
        XCTAssertTrue(page.hasPrefix("<!DOCTYPE html>"))
        XCTAssertFalse(page.contains("<script"))
    }

    /// B is a capture or a model's prediction: one of them, not both, not neither.
    func testCompare_needsExactlyOneBSide() throws {
        let neither = try run(["compare", "fixtures/ext4-seq-write-4k/trace.txt.zst"])
        XCTAssertNotEqual(neither.status, 0)
        XCTAssertTrue(neither.err.contains("give capture B, or --model-b iomap|delaymap"), neither.err)
        let both = try run(["compare", "fixtures/ext4-seq-write-4k/trace.txt.zst", "fixtures/xfs-seq-write-1k/trace.txt.zst", "--model-b", "iomap"])
        XCTAssertNotEqual(both.status, 0)
        XCTAssertTrue(both.err.contains("give capture B or --model-b, not both"), both.err)
    }

    func testCompare_twoCapturesGiveATableWithRatios() throws {
        let r = try run(["compare", "fixtures/ext4-append-fsync/trace.txt.zst", "fixtures/ext4-dioread_lock-append-fsync/trace.txt.zst"])
        XCTAssertEqual(r.status, 0, r.err)
        let handles = try XCTUnwrap(r.out.split(separator: "\n").first { $0.hasPrefix("journal handles ") })
        XCTAssertEqual(handles.split(separator: " ").suffix(3), ["23", "14", "0.61"])
    }

    /// `--input-format` and `--formats` reach both captures, as they reach every one-file command.
    func testCompare_readsBothCapturesWithTheInputOptions() throws {
        let a = "fixtures/ext4-append-fsync/trace.txt.zst", b = "fixtures/ext4-dioread_lock-append-fsync/trace.txt.zst"
        let forced = try run(["compare", a, b, "--input-format", "ftrace"])
        XCTAssertEqual(forced.status, 0, forced.err)
        let wrong = try run(["compare", a, b, "--input-format", "trace.dat"])
        XCTAssertEqual(wrong.status, 2)
        XCTAssertTrue(wrong.err.hasPrefix("ext4trace: \(a): offset 0 (section file header): not a trace.dat"), wrong.err)
        let noFormats = try run(["compare", a, b, "--formats", "/nonexistent"])
        XCTAssertEqual(noFormats.status, 2)
        XCTAssertEqual(noFormats.err, "ext4trace: /nonexistent: cannot list: No such file or directory\n")
    }

    /// `--dev`, `--model` and `--model-b` name what they take when given something else.
    func testBadDeviceOrModel_namesWhatTheOptionTakes() throws {
        let a = "fixtures/ext4-append-fsync/trace.txt.zst"
        let dev = try run(["report", a, "--dev", "7-1"])
        XCTAssertNotEqual(dev.status, 0)
        XCTAssertTrue(dev.err.contains("--dev takes major:minor, e.g. 7:1 (got 7-1)"), dev.err)
        let modelB = try run(["compare", a, "--model-b", "ext2"])
        XCTAssertNotEqual(modelB.status, 0)
        XCTAssertTrue(modelB.err.contains("--model-b takes buffer_head, iomap or delaymap (got ext2)"), modelB.err)
        let model = try run(["diff", a, "--model", "ext2"])
        XCTAssertNotEqual(model.status, 0)
        XCTAssertTrue(model.err.contains("--model takes auto, buffer_head, iomap or delaymap (got ext2)"), model.err)
    }

    func testFio_printsOneTablePerKind() throws {
        let r = try run(["fio", "fixtures/fio/ext4-tmp.json", "fixtures/fio/tmpfs-shm.json"])
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertEqual(r.out.split(separator: "\n").filter { ["write", "read", "randwrite"].contains($0) }.count, 3)
        let missing = try run(["fio", "fixtures/fio/nothing.json"])
        XCTAssertEqual(missing.status, 2)
        XCTAssertEqual(missing.err, "ext4trace: fixtures/fio/nothing.json: cannot read\n")
    }

    func testExport_sqliteReportsItsRowCount() throws {
        let out = NSTemporaryDirectory() + "ext4trace-export-\(getpid()).db"
        defer { try? FileManager.default.removeItem(atPath: out) }
        let r = try run(["export", "fixtures/ext4-truncate/trace.txt.zst", "--format", "sqlite", "-o", out])
        XCTAssertEqual(r.status, 0, r.err)
        // 669 lines, 12 of them the `#` header: 657 events, all exported.
        XCTAssertTrue(r.err.hasPrefix("export: 657 events: 657 rows in"), r.err)
    }
}

extension AnalyzerCommandsTests {
    func testDiff_exitStatusIsLikeDiff1() throws {
        let same = try run(["diff", "fixtures/ext4-append-fsync/trace.txt.zst", "--expected", "fixtures/ext4-append-fsync/trace.txt.zst"])
        XCTAssertEqual(same.status, 0, same.err)
        XCTAssertTrue(same.out.contains("\n0 discrepancies\n"))
        let other = try run(["diff", "fixtures/ext4-append-fsync/trace.txt.zst", "--expected", "fixtures/ext4-dioread_lock-append-fsync/trace.txt.zst", "--format", "json"])
        XCTAssertEqual(other.status, 1, other.err)
        XCTAssertNotNil(try JSONSerialization.jsonObject(with: Data(other.out.utf8)) as? [String: Any])
        let bad = try run(["diff", "fixtures/ext4-append-fsync/trace.txt.zst", "--model", "iomap",
                           "--expected", "fixtures/ext4-append-fsync/trace.txt.zst"])
        XCTAssertNotEqual(bad.status, 0)
        XCTAssertNotEqual(bad.status, 1)                   // a usage error is not "some differences"
        XCTAssertTrue(bad.err.contains("give --expected FILE or --model NAME, not both"), bad.err)
    }
}

extension AnalyzerCommandsTests {
    /// A predicted trace (here: the capture with its syscall lines taken out, as ReferenceFS's
    /// replay writes none) compared with --b-predicts-a divides by A's writes.
    func testCompare_bPredictsA_adoptsTheCapturesWrites() throws {
        let predicted = NSTemporaryDirectory() + "ext4trace-predicted-\(getpid()).txt"
        defer { try? FileManager.default.removeItem(atPath: predicted) }
        let shell = Process()
        shell.executableURL = URL(fileURLWithPath: "/bin/sh")
        shell.arguments = ["-c", "zstdcat fixtures/ext4-seq-write-4k/trace.txt.zst | grep -v ' sys_' > '\(predicted)'"]
        shell.currentDirectoryURL = URL(fileURLWithPath: CLI.repositoryRoot)
        try shell.run()
        shell.waitUntilExit()
        XCTAssertEqual(shell.terminationStatus, 0)
        let plain = try run(["compare", "fixtures/ext4-seq-write-4k/trace.txt.zst", predicted, "--format", "json"])
        let adopted = try run(["compare", "fixtures/ext4-seq-write-4k/trace.txt.zst", predicted, "--b-predicts-a", "--format", "json"])
        XCTAssertEqual(adopted.status, 0, adopted.err)
        func row(_ out: String, _ key: String) throws -> [String: Any]? {
            let json = try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any]
            return (json?["rows"] as? [[String: Any]])?.first { $0["key"] as? String == key }
        }
        XCTAssertEqual(try row(plain.out, "writes")?["b"] as? Double, 0)
        XCTAssertEqual(try row(adopted.out, "writes")?["b"] as? Double, 256)
        XCTAssertEqual(try row(adopted.out, "handles_per_mib")?["ratio"] as? Double, 1)
    }
}
