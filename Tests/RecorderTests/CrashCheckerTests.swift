import XCTest
@testable import Recorder

/// The whole check — replay to every crash point, e2fsck, debugfs, classification — on real
/// logs recorded on the series' 7.3-rc7 kernel (fixtures/crashlog).
final class CrashCheckerTests: XCTestCase {
    func check(_ name: String) throws -> CrashCheckReport { try checkCrashLogFixture(name) }

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

/// Checks `fixtures/crashlog/NAME` in a scratch directory it removes, asserting it leaves nothing.
func checkCrashLogFixture(_ name: String) throws -> CrashCheckReport {
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

/// The no-ordered configuration the kernel can run (data=writeback,dioread_lock), where the
/// windows open.
final class CrashCheckerWindowTests: XCTestCase {
    func check(_ name: String) throws -> CrashCheckReport { try checkCrashLogFixture(name) }

    /// Recorded on a virtio data disk (writes complete asynchronously; 4 KiB blocks): thread B's
    /// fsync commits thread A's allocation, mapped written, while A's data write is still in
    /// flight — the recovered file shows the device's old content until that write completes.
    func testWritebackDioreadLockWindow_exposesOldContent_untilTheDataWriteCompletes() throws {
        let report = try check("writeback-dioread_lock-window-virtio")
        XCTAssertTrue(report.capture.mountOptions.contains("dioread_lock"))
        XCTAssertEqual(report.count(.lostFsync), 0)
        let stale = report.violations.filter { $0.kind == .staleData }
        XCTAssertFalse(stale.isEmpty, "the window this log caught")
        for v in stale {
            XCTAssertEqual(v.file, "f1", "thread A's file, written without fsync")
            XCTAssertTrue(v.explanation.contains("the device's old content"), v.explanation)
            XCTAssertTrue(v.explanation.contains("mapped written"), "dioread_lock allocates written extents: \(v.explanation)")
            XCTAssertTrue(v.explanation.contains("completes at entry"), v.explanation)
        }
        // The window closes: the last point holds all of both files.
        XCTAssertTrue(report.finalFiles.allSatisfy { $0.sizeBytes == $0.dataBytes && $0.sizeBytes > 0 }, "\(report.finalFiles)")
    }

    /// buffered_iomap, f1 truncated up to 8 MiB and fsynced before its pieces are written
    /// (`crash:window:...,sparse=1`): holes and unwritten extents inside i_disksize read as
    /// zeros — never old content — and at entry 67 the committed tree maps blocks 1536-2047
    /// unwritten while their data write is still in flight: the window that written
    /// allocation would turn into stale data (`crash --what-if written-allocation` on the same
    /// run's trace finds exactly these blocks).
    func testBufferedIomapSparseWindow_zerosInsideTheSizeNeverOldContent() throws {
        let report = try check("traced-buffered_iomap-window-sparse-2")
        XCTAssertEqual(report.count(.staleData), 0)
        XCTAssertEqual(report.count(.lostFsync), 0)
        XCTAssertGreaterThan(report.count(.sizePastData), 0)
        let window = report.violations.filter {
            $0.kind == .sizePastData && $0.file == "f1" && $0.firstBlock == 1536 && $0.lastBlock == 2047
                && $0.explanation.contains("mapped unwritten") && $0.explanation.contains("after this crash point")
        }
        XCTAssertFalse(window.isEmpty, "\(report.violations.map(\.explanation))")
        let final = Dictionary(uniqueKeysWithValues: report.finalFiles.map { ($0.name, $0) })
        XCTAssertEqual(final["f1"]?.dataBytes, 8 << 20)
    }

    /// Truncate down, then append: with dioread_lock, ext4_writepages() moves i_disksize when it
    /// maps the blocks, before the data write completes, so a commit in between recovers a size
    /// past the data — zeros (the EOF block's tail was zeroed), never old content.
    func testWritebackDioreadLockTruncateAppend_sizePastDataButNoStaleData() throws {
        let report = try check("writeback-dioread_lock-truncate-append")
        XCTAssertEqual(report.count(.staleData), 0)
        XCTAssertEqual(report.count(.lostFsync), 0)
        let past = report.violations.filter { $0.kind == .sizePastData }
        XCTAssertFalse(past.isEmpty)
        XCTAssertTrue(past.allSatisfy { $0.explanation.contains("mapped written") }, "\(past.map(\.explanation))")
    }
}
