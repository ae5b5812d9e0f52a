import XCTest
@testable import Recorder

/// The whole check — replay to every crash point, e2fsck, debugfs, classification — on real
/// logs recorded on the series' 7.3-rc7 kernel (fixtures/crashlog).
final class CrashCheckerTests: XCTestCase {
    func check(_ name: String) throws -> CrashCheckReport {
        for tool in ["e2fsck", "debugfs"] where !Subprocess.isInstalled(tool) {
            throw XCTSkip("\(tool) is not installed (e2fsprogs)")
        }
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        let dir = url.path + "/fixtures/crashlog/" + name
        let scratch = NSTemporaryDirectory() + "ext4trace-cctests-\(getpid())-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let report = try CrashChecker.forCapture(directory: dir, scratchDirectory: scratch).run()
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: scratch), [], "the checker cleans its scratch files")
        return report
    }

    /// data=ordered: thread A's 1 MiB pieces under writeback while thread B's fsyncs commit —
    /// the ordered list makes each commit wait for A's data, so no crash point exposes stale data
    /// or loses an fsync; and the last point really holds both files' data.
    func testOrderedWindow_noStaleDataNoLostFsync_andEveryFileFullAtTheEnd() throws {
        let report = try check("ordered-window")
        XCTAssertGreaterThan(report.crashPoints, 10)
        XCTAssertEqual(report.marks, 32, "thread B's 32 fsyncs")
        XCTAssertEqual(report.count(.staleData), 0, "\(report.violations.prefix(3))")
        XCTAssertEqual(report.count(.lostFsync), 0, "\(report.violations.prefix(3))")
        XCTAssertTrue(report.fsckFailures.isEmpty)
        let final = Dictionary(uniqueKeysWithValues: report.finalFiles.map { ($0.name, $0) })
        XCTAssertEqual(final["f1"]?.sizeBytes, 8 << 20)
        XCTAssertEqual(final["f1"]?.dataBytes, 8 << 20)
        XCTAssertEqual(final["f2"]?.dataBytes, 32 * 4096)
    }
}
