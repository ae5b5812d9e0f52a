import Analyzer
import TraceParser
import XCTest

final class CompareTests: XCTestCase {
    /// dioread_nolock (A) against dioread_lock (B) for the same ten appends with fsync: the
    /// same writes, commits and journal blocks, but B has no EXT_CONVERT handles, so 14
    /// handles instead of 23.
    func testDioreadLockAgainstDefault_showsFewerHandlesAndNoConversions() throws {
        let c = Comparison(a: try Captures.report("ext4-append-fsync"), b: try Captures.report("ext4-dioread_lock-append-fsync"))
        XCTAssertEqual(c.row("writes")?.a, 10)
        XCTAssertEqual(c.row("writes")?.ratio, 1)
        XCTAssertEqual(c.row("journal_handles")?.a, 23)
        XCTAssertEqual(c.row("journal_handles")?.b, 14)
        XCTAssertEqual(try XCTUnwrap(c.row("journal_handles")?.ratio), 14.0 / 23, accuracy: 1e-12)
        XCTAssertEqual(c.row("unwritten_conversions")?.b, 0)
        XCTAssertEqual(c.row("commits")?.ratio, 1)
        XCTAssertEqual(c.row("blocks_logged")?.a, 54)
        XCTAssertEqual(c.row("handles.EXT_CONVERT")?.a, 9)
        XCTAssertNil(c.row("handles.EXT_CONVERT")?.b)
        XCTAssertTrue(c.text().contains("journal handles"))
    }

    /// ext4 (buffer_head) against XFS (iomap) for 256 writes of 1 KiB: ext4 maps in
    /// writeback and looks up extent status per page, XFS calls ->iomap_begin per write.
    func testExt4AgainstXfs1k_putsIomapBeginOnlyOnTheXfsSide() throws {
        let c = Comparison(a: try Captures.report("ext4-seq-write-1k"), b: try Captures.report("xfs-seq-write-1k"))
        XCTAssertEqual(c.row("writes")?.a, 256)
        XCTAssertEqual(c.row("writes")?.b, 256)
        XCTAssertEqual(c.row("iomap_begin_per_write")?.a, 0)
        XCTAssertEqual(c.row("iomap_begin_per_write")?.b, 1)
        XCTAssertNil(c.row("iomap_begin_per_write")?.ratio)           // B/A over a zero A
        XCTAssertEqual(c.row("es_lookups")?.a, 144)                   // grep -c ext4_es_lookup_extent_enter
        XCTAssertEqual(c.row("es_lookups")?.b, 0)
    }

    func testJSON_hasOneRowPerMetricWithNullForUndefinedRatios() throws {
        let c = Comparison(a: try Captures.report("ext4-seq-write-1k"), b: try Captures.report("xfs-seq-write-1k"))
        let json = try JSONSerialization.jsonObject(with: Data(c.json().utf8)) as? [String: Any]
        let rows = try XCTUnwrap(json?["rows"] as? [[String: Any]])
        XCTAssertEqual(rows.count, c.rows.count)
        let iomap = try XCTUnwrap(rows.first { $0["key"] as? String == "iomap_begin_per_write" })
        XCTAssertTrue(iomap["ratio"] is NSNull)
        XCTAssertEqual(iomap["b"] as? Double, 1)
    }

    /// A predicted trace has no syscall events: the capture's writes become its operations.
    func testModelB_aPredictionWithoutSyscallsAdoptsTheCapturesWrites() throws {
        var withoutSyscalls: [TraceEvent] = []
        let source = try TraceFile.open(Captures.path("ext4-seq-write-4k"))
        while let e = try source.next() { if e.system != "syscalls" { withoutSyscalls.append(e) } }
        let capture = try Captures.report("ext4-seq-write-4k")
        let bare = try TraceAnalyzer.analyze(EventArraySource(withoutSyscalls), name: "model:test", geometry: nil)
        XCTAssertEqual(bare.total.writes.calls, 0)
        let predicted = bare.adoptingOperations(of: capture)
        XCTAssertEqual(predicted.inode(12)?.writes.bySize, [4096: 256])
        XCTAssertEqual(predicted.total.allHandles.handles, capture.total.allHandles.handles)
        let c = Comparison(a: capture, b: predicted)
        XCTAssertEqual(c.row("handles_per_mib")?.ratio, 1)
    }

    /// Events handed over in memory (as a model's are) are analysed exactly like the file
    /// they were read from.
    func testEventsInMemory_areAnalysedLikeTheCaptureTheyCameFrom() throws {
        let path = Captures.path("ext4-seq-write-4k")
        var events: [TraceEvent] = []
        let source = try TraceFile.open(path)
        while let e = try source.next() { events.append(e) }
        let fromMemory = try TraceAnalyzer.analyze(EventArraySource(events), name: path, geometry: nil)
        let fromFile = try TraceAnalyzer.analyze(TraceFile.open(path), name: path, geometry: nil)
        XCTAssertEqual(fromMemory.total.writes.calls, 256)
        XCTAssertEqual(fromMemory.total.writes.calls, fromFile.total.writes.calls)
        XCTAssertEqual(fromMemory.total.allHandles.handles, fromFile.total.allHandles.handles)
        XCTAssertEqual(Comparison(a: fromFile, b: fromMemory).row("handles_per_mib")?.ratio, 1)
    }
}
