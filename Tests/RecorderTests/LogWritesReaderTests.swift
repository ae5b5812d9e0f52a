import XCTest
@testable import Recorder

/// The log-writes reader on a real log (fixtures/crashlog: recorded with `record --crash-log` on
/// the series' 7.3-rc7 kernel), and on damaged copies of it.
final class LogWritesReaderTests: XCTestCase {
    var scratch = ""

    override func setUpWithError() throws {
        scratch = NSTemporaryDirectory() + "ext4trace-lwtests-\(getpid())-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: scratch)
    }

    /// The fixture's log, expanded.
    func expandedLog(_ name: String = "ordered-window") throws -> String {
        let path = scratch + "/log"
        try ZstdFileStream.decompress(fixture(name) + "/log-writes.zst", to: path)
        return path
    }

    func fixture(_ name: String) -> String {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path + "/fixtures/crashlog/" + name
    }

    func testRealLog_readsEveryEntryTheSuperCounts_withMkfsFsyncAndEndMarks() throws {
        let reader = try LogWritesReader(path: try expandedLog())
        XCTAssertEqual(reader.header.sectorBytes, 512)
        let entries = try reader.entries()
        XCTAssertEqual(UInt64(entries.count), reader.header.entryCount)
        XCTAssertEqual(entries.map(\.index), Array(0..<entries.count))
        let marks = entries.compactMap(\.markName)
        XCTAssertEqual(marks.first, "mkfs")
        // record's own `end` after unmount, then the one log_writes_dtr() adds on removal.
        XCTAssertEqual(marks.suffix(2), ["end", "dm-log-writes-end"])
        XCTAssertTrue(marks.contains { $0.hasPrefix("fsync:2:") }, "thread B's fsyncs are marked: \(marks)")
        XCTAssertTrue(entries.contains { $0.flags.contains(.flush) }, "jbd2 commits issue REQ_PREFLUSH")
        XCTAssertTrue(entries.contains { $0.flags.contains(.fua) }, "jbd2 commit blocks are REQ_FUA")
        // The log ends exactly where its last entry's data ends (the recorder kept only that).
        XCTAssertEqual(LogWritesReader.usedBytes(of: entries, sectorBytes: 512), reader.fileBytes)
        // meta.json agrees.
        let meta = try CrashLogCapture.parse(try String(contentsOfFile: fixture("ordered-window") + "/meta.json", encoding: .utf8), file: "meta.json")
        XCTAssertEqual(meta.entries, entries.count)
        XCTAssertEqual(meta.logBytes, reader.fileBytes)
    }

    func testTruncatedLog_givesTheEntriesBeforeTheCutAndAnErrorAtItsOffset() throws {
        let full = try Data(contentsOf: URL(fileURLWithPath: try expandedLog()))
        let whole = try LogWritesReader(path: scratch + "/log").entries()
        // Cut inside the super, inside an entry slot, inside an entry's data, and one byte short.
        let withData = try XCTUnwrap(whole.first { $0.sectorCount > 8 && !$0.flags.contains(.discard) })
        let cuts = [10, 700, Int(withData.dataOffset) + 100, full.count - 1]
        for cut in cuts {
            let path = scratch + "/cut-\(cut)"
            try full.prefix(cut).write(to: URL(fileURLWithPath: path))
            do {
                let reader = try LogWritesReader(path: path)
                let (entries, damage) = reader.readEntries()
                let error = try XCTUnwrap(damage, "cut at \(cut)")
                XCTAssertEqual(error.kind, .truncated, "cut at \(cut): \(error)")
                XCTAssertEqual(error.file, path)
                XCTAssertEqual(entries, Array(whole.prefix(entries.count)), "the entries before the cut are intact")
                XCTAssertLessThanOrEqual(error.offset, Int64(cut))
                XCTAssertGreaterThan(error.offset, 0)
            } catch let e as CrashLogError {
                XCTAssertEqual(cut, 10, "only a cut inside the super block fails to open: \(e)")
                XCTAssertEqual(e.kind, .badSuper)
            }
        }
    }

    func testDamagedBytes_areTypedErrorsNamingFileAndOffset() throws {
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: try expandedLog())))
        let path = scratch + "/bad"
        func reopen() throws -> LogWritesReader {
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            return try LogWritesReader(path: path)
        }
        // A huge nr_sectors in entry 0: caught before any read or allocation.
        let original = bytes
        for k in 8..<16 { bytes[512 + k] = 0xFF }
        let (entries, damage) = try reopen().readEntries()
        XCTAssertEqual(entries.count, 0)
        XCTAssertEqual(damage?.kind, .truncated)
        XCTAssertEqual(damage?.offset, 512)
        // A non-mark entry whose slot is not zero-padded (replay-log's log_entry_valid()).
        bytes = original
        bytes[512 + 32] = 1
        XCTAssertEqual(try reopen().readEntries().damage?.kind, .malformed)
        // Wrong magic, wrong version.
        bytes = original
        bytes[0] ^= 0xFF
        XCTAssertThrowsError(try reopen()) { XCTAssertEqual(($0 as? CrashLogError)?.kind, .badSuper) }
        bytes = original
        bytes[8] = 2
        XCTAssertThrowsError(try reopen()) { XCTAssertEqual(($0 as? CrashLogError)?.offset, 8) }
    }

    func testReplayOfAnEntryPastTheDevice_isAnErrorNamingTheEntry() throws {
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: try expandedLog())))
        let whole = try LogWritesReader(path: scratch + "/log").entries()
        let discard = try XCTUnwrap(whole.first { $0.sectorCount > 0 })
        // Make the first data entry a discard of 2^60 sectors (no data follows a discard, so the
        // reader accepts it; the replay must refuse it).
        bytes.putLittleEndian(1 << 60, at: Int(discard.offset) + 8)
        bytes.putLittleEndian(LogWritesFlags.discard.rawValue, at: Int(discard.offset) + 16)
        let path = scratch + "/huge-discard"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let reader = try LogWritesReader(path: path)
        let entries = reader.readEntries().entries
        let image = scratch + "/image"
        try LogWritesReplayer.makeInitialImage(path: image, bytes: 1 << 20)
        XCTAssertThrowsError(try LogWritesReplayer(imagePath: image).replay(entries, from: reader) { _ in }) {
            let e = $0 as? CrashLogError
            XCTAssertEqual(e?.kind, .malformed)
            XCTAssertEqual(e?.offset, discard.offset)
        }
    }

    func testTruncatedZstd_isAnErrorNotACrash() throws {
        let zst = try Data(contentsOf: URL(fileURLWithPath: fixture("ordered-window") + "/log-writes.zst"))
        let path = scratch + "/cut.zst"
        try zst.prefix(zst.count / 2).write(to: URL(fileURLWithPath: path))
        XCTAssertThrowsError(try ZstdFileStream.decompress(path, to: scratch + "/out")) {
            XCTAssertEqual(($0 as? CrashLogError)?.kind, .truncated)
        }
    }

    func testPatterns_classifyWhatTheyWrote() {
        let data = CrashPattern.data(file: 3, generation: 2, offset: 8192, length: 1024)
        XCTAssertEqual(CrashPattern.classify(data[512..<1024]), .data(file: 3, generation: 2, offset: 8704))
        XCTAssertEqual(CrashPattern.classify(CrashPattern.oldSector(77)[...]), .old(sector: 77))
        XCTAssertEqual(CrashPattern.classify([UInt8](repeating: 0, count: 512)[...]), .zeros)
        XCTAssertEqual(CrashPattern.classify([UInt8](repeating: 1, count: 512)[...]), .foreign)
        XCTAssertEqual(CrashPattern.classify([UInt8](repeating: 0, count: 100)[...]), .foreign)
    }

    func testPromises_followFsyncAndTruncateMarks() {
        var p = FsyncPromises()
        p.apply(mark: "mkfs", entry: 3)
        p.apply(mark: "fsync:1:65536:65536", entry: 10)
        p.apply(mark: "trunc:1:19456", entry: 12)
        XCTAssertEqual(p.byFile[1], .init(sizeBytes: 19456, dataBytes: 19456, markEntry: 10))
        p.apply(mark: "fsync:1:1048576:4096", entry: 20)
        XCTAssertEqual(p.byFile[1], .init(sizeBytes: 1048576, dataBytes: 4096, markEntry: 20))
        XCTAssertEqual(p.marks, 3)
    }

    func testCrashWorkloadSpecs() throws {
        let w = try CrashWorkload(parsing: "crash:window:big=8m,appends=32")
        XCTAssertEqual(w.kind, .window)
        XCTAssertEqual(w.bigBytes, 8 << 20)
        XCTAssertEqual(w.count, 32)
        XCTAssertEqual(w.fileIDs, [1, 2])
        XCTAssertFalse(w.sparse)
        XCTAssertTrue(try CrashWorkload(parsing: "crash:window:big=8m,piece=2m,appends=32,sparse=1").sparse)
        XCTAssertThrowsError(try CrashWorkload(parsing: "crash:append:sparse=1"), "sparse is a key of window only")
        XCTAssertEqual(try CrashWorkload(parsing: "crash:append:fsync=none").fsyncEvery, 0)
        XCTAssertEqual(try CrashWorkload(parsing: "crash:falloc-overwrite").fsyncEvery, 4)
        XCTAssertThrowsError(try CrashWorkload(parsing: "crash:nope"))
        XCTAssertThrowsError(try CrashWorkload(parsing: "crash:append:bs=100"))
        XCTAssertThrowsError(try CrashWorkload(parsing: "builtin:append"))
    }
}
