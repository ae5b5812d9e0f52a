import ReferenceFS
import TraceParser
import XCTest

/// Partial-block zeroing under the series: `iomap_zero_range` outside the handle, and the
/// explicit writeback of the zeroed block that replaces data=ordered when truncating down.
final class IomapPathZeroingTests: XCTestCase {
    func testTruncateDown_zeroesPartialBlockOutsideHandleAndWritesItBack() throws {
        let capture = "ext4-truncate"   // pwrite 0..40000, fsync, truncate 10000, ...
        let r = try replayCapture(capture, events: try iomapCaptureEvents(capture), path: IomapPath(scheme: .iomap))
        let zero = try XCTUnwrap(r.predicted.firstIndex { $0.name == "ext4_iomap_zero_begin" })
        XCTAssertTrue(r.predicted[zero].body.contains("m_lblk 2 m_len 1 m_flags M "), r.predicted[zero].body)
        XCTAssertTrue(r.predicted[zero].body.contains("orig_off 0x2710 orig_len 0x8f0 iomap_flags 0x2"), r.predicted[zero].body)
        let next = r.predicted[(zero + 1)...].first { $0.name.hasPrefix("ext4_iomap") }
        XCTAssertEqual(next?.name, "ext4_iomap_map_writeback_range")        // filemap_write_and_wait_range
        XCTAssertTrue(next?.body.contains("m_lblk 2 m_len 1 m_flags M ") ?? false)
        // The zeroed block is inside the new i_disksize: its I/O completes without a handle of
        // the iomap path (only ext4_truncate's own follow).
        let handlesAfter = r.predicted[(zero + 1)...].prefix { $0.name != "ext4_da_write_pages_extent" }
            .filter { $0.name == "ext4_journal_start_inode" }
        XCTAssertFalse(handlesAfter.isEmpty)
        XCTAssertTrue(handlesAfter.allSatisfy { !($0["ip"]?.string ?? "").hasPrefix("ext4_iomap") }, "\(handlesAfter.map(\.body))")
    }

    func testWritesStartingAtEOF_zeroNothing_onlyTheUnalignedTruncateZeroes() throws {
        // ext4-truncate: truncate 10000 (unaligned: zeroed), truncate up to 30000 (nothing to
        // zero), a write starting exactly at EOF 30000 (no post-EOF zeroing), truncate 0
        // (aligned). ext4-append-fsync's appends all start at EOF. No capture writes past an
        // unaligned EOF, the one case `ext4_write_checks` zeroes.
        for capture in ["ext4-truncate", "ext4-append-fsync"] {
            let r = try replayCapture(capture, events: try iomapCaptureEvents(capture), path: IomapPath(scheme: .iomap))
            let zeroes = r.predicted.filter { $0.name == "ext4_iomap_zero_begin" }
            XCTAssertTrue(zeroes.allSatisfy { $0.body.contains("iomap_flags 0x2") }, capture)
            XCTAssertEqual(zeroes.count, capture == "ext4-truncate" ? 1 : 0, capture)
        }
    }
}

/// How the model's events print: through the kernel's own print formats, as the kernel
/// printed the same decision.
final class EmittedEventFormatTests: XCTestCase {
    func testWritePagesExtent_printsAsTheSeriesKernelPrintedIt() throws {
        let capture = "iomap/append-fsync/iomap"       // 7.3-rc7 with the series
        let events = try iomapCaptureEvents(capture)
        let r = try replayCapture(capture, events: events, path: IomapPath(scheme: .iomap))
        let kernel = try XCTUnwrap(events.first { $0.name == "ext4_da_write_pages_extent" })
        let model = try XCTUnwrap(r.predicted.first { $0.name == "ext4_da_write_pages_extent" })
        XCTAssertEqual(model.body, kernel.body)        // dev 7,0 ino 12 lblk 0 len 1 flags 0x100
        XCTAssertEqual(model.pid, kernel.pid)
        XCTAssertEqual(model.comm, kernel.comm)
    }
}

/// A write that starts past an unaligned end of file, built event by event (no capture has one).
final class IomapPathPostEOFTests: XCTestCase {
    func event(_ name: String, _ ts: UInt64, _ fields: [(String, UInt64)]) -> TraceEvent {
        TraceEvent(timestampNs: ts, cpu: 0, pid: 100, comm: "xfs_io", system: "ext4", name: name,
                   fields: [EventField("dev", .string("7:1"))] + fields.map { EventField($0.0, .uint($0.1)) },
                   position: .line(Int(ts)))
    }

    func testWritePastUnalignedEOF_zeroesTheOldEOFBlockBeforeMapping() throws {
        let geometry = try Geometry.parse(dumpe2fs: try String(contentsOfFile: iomapFixture("ext4-seq-write-4k", "geometry.txt"), encoding: .utf8))
        var fs = Filesystem(geometry: geometry, options: MountOptions())
        fs.trace = []
        var replayer = Replayer(filesystem: fs, path: IomapPath(scheme: .iomap))
        replayer.checksInvariants = true
        for e in [event("ext4_allocate_inode", 1_000, [("ino", 12), ("dir", 2), ("mode", 0o100644)]),
                  event("ext4_da_write_begin", 2_000, [("ino", 12), ("pos", 0), ("len", 1000)]),
                  event("ext4_da_write_end", 3_000, [("ino", 12), ("pos", 0), ("len", 1000), ("copied", 1000)]),
                  event("ext4_da_write_begin", 4_000, [("ino", 12), ("pos", 8192), ("len", 100)]),
                  event("ext4_da_write_end", 5_000, [("ino", 12), ("pos", 8192), ("len", 100), ("copied", 100)])] {
            replayer.consume(e)
        }
        let emitted = (replayer.fs.trace ?? []).filter { $0.name.hasPrefix("ext4_iomap_") }
        let names = emitted.map(\.name)
        XCTAssertEqual(names, ["ext4_iomap_buffered_write_begin", "ext4_iomap_zero_begin", "ext4_iomap_buffered_write_begin"])
        let zero = emitted[1]
        XCTAssertTrue(zero.body.contains("m_lblk 0 m_len 1 m_flags 0x100 "), zero.body)          // the delayed EOF block
        XCTAssertTrue(zero.body.contains("orig_off 0x3e8 orig_len 0xc18 iomap_flags 0x2"), zero.body) // 1000..4096
        let second = emitted[2]
        XCTAssertTrue(second.body.contains("m_lblk 2 m_len 1 m_flags 0x100 "), second.body)
        XCTAssertEqual(replayer.fs.counters.iomapBeginCalls, 2)
    }

    func testRewritingTheSameBytes_isASecondWrite_butAFolioContinuationIsNot() throws {
        let geometry = try Geometry.parse(dumpe2fs: try String(contentsOfFile: iomapFixture("ext4-seq-write-4k", "geometry.txt"), encoding: .utf8))
        var replayer = Replayer(filesystem: Filesystem(geometry: geometry, options: MountOptions()), path: IomapPath(scheme: .iomap))
        replayer.checksInvariants = true
        let begin = { (ts: UInt64, pos: UInt64, len: UInt64) in self.event("ext4_da_write_begin", ts, [("ino", 12), ("pos", pos), ("len", len)]) }
        let end = { (ts: UInt64, pos: UInt64, copied: UInt64) in self.event("ext4_da_write_end", ts, [("ino", 12), ("pos", pos), ("len", copied), ("copied", copied)]) }
        // write(0, 4096) twice, then one 6 KiB write whose second folio begins at 4096 asking
        // for the rest (the buffer_head kernel's per-folio events).
        for e in [event("ext4_allocate_inode", 1, [("ino", 12), ("dir", 2), ("mode", 0o100644)]),
                  begin(2, 0, 4096), end(3, 0, 4096), begin(4, 0, 4096), end(5, 0, 4096),
                  begin(6, 0, 6144), end(7, 0, 4096), begin(8, 4096, 2048), end(9, 4096, 2048)] {
            replayer.consume(e)
        }
        // 1 + 1 + 2: the 6 KiB write crosses the delayed block 0 and the hole at block 1.
        XCTAssertEqual(replayer.fs.counters.iomapBeginCalls, 4)
        XCTAssertEqual(replayer.fs[12].sizeBytes, 6144)
    }
}
