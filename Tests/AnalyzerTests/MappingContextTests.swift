import Analyzer
import TraceParser
import XCTest

final class MappingContextTests: XCTestCase {
    func event(_ name: String, system: String = "ext4", ts: UInt64, pid: Int, _ fields: [EventField]) -> TraceEvent {
        TraceEvent(timestampNs: ts, cpu: 0, pid: pid, comm: "<...>", system: system, name: name, fields: fields, position: .line(Int(ts)))
    }

    /// The iomap series' events, as ReferenceFS predicts them (no syscall events around them):
    ///
    ///     <...>-3395 [000] ..... 2025.240644: ext4_iomap_buffered_write_begin: dev 7:1 ino 12 m_lblk 0 m_len 1 m_flags 0x100 m_seq 1 orig_off 0x0 orig_len 0x400 iomap_flags 0x1
    func testSeriesEvents_countInTheirOwnPathWithoutSyscalls() {
        var a = TraceAnalyzer(source: "predicted")
        let fields: [EventField] = [EventField("dev", .string("7:1")), EventField("ino", .uint(12)), EventField("m_lblk", .uint(0)), EventField("m_len", .uint(1))]
        a.consume(event("ext4_iomap_buffered_write_begin", ts: 1, pid: 3395, fields))
        a.consume(event("ext4_iomap_buffered_write_begin", ts: 2, pid: 3395, fields))
        a.consume(event("ext4_iomap_map_writeback_range", ts: 3, pid: 77, fields))
        a.consume(event("ext4_iomap_buffered_read_begin", ts: 4, pid: 3395, fields))
        let r = a.finish()
        let file = r.inode(12)
        XCTAssertEqual(file?.mapping[.write]?.ext4IomapMaps, 2)
        XCTAssertEqual(file?.mapping[.background]?.ext4IomapMaps, 1)
        XCTAssertEqual(file?.mapping[.read]?.ext4IomapMaps, 1)
    }

    /// Inside a pwrite64, mapping calls count for the write; after it, as background.
    func testTaskContext_followsTheSyscallWindow() {
        var a = TraceAnalyzer(source: "t")
        let ino: [EventField] = [EventField("ino", .uint(5))]
        a.consume(event("sys_enter_pwrite64", system: "syscalls", ts: 1, pid: 9, [EventField("fd", .int(3)), EventField("count", .uint(4096))]))
        a.consume(event("ext4_es_lookup_extent_enter", ts: 2, pid: 9, ino))
        a.consume(event("ext4_ext_map_blocks_enter", ts: 3, pid: 9, ino))
        a.consume(event("sys_exit_pwrite64", system: "syscalls", ts: 4, pid: 9, [EventField("ret", .int(4096))]))
        a.consume(event("ext4_ext_map_blocks_enter", ts: 5, pid: 9, ino))
        a.consume(event("ext4_ext_map_blocks_enter", ts: 6, pid: 10, ino))
        // A page-cache read on the same descriptor emits nothing, yet belongs to inode 5.
        a.consume(event("sys_enter_pread64", system: "syscalls", ts: 7, pid: 9, [EventField("fd", .int(3)), EventField("count", .uint(512))]))
        a.consume(event("sys_exit_pread64", system: "syscalls", ts: 8, pid: 9, [EventField("ret", .int(512))]))
        let r = a.finish()
        XCTAssertEqual(r.inode(5)?.mapping[.write]?.mapBlocks, 1)
        XCTAssertEqual(r.inode(5)?.mapping[.write]?.esLookups, 1)
        XCTAssertEqual(r.inode(5)?.mapping[.background]?.mapBlocks, 2)
        XCTAssertEqual(r.inode(5)?.writes.bySize, [4096: 1])
        XCTAssertEqual(r.inode(5)?.reads.bySize, [512: 1])
        XCTAssertEqual(r.latencies["pwrite64"]?.max, 3)
    }
}

extension MappingContextTests {
    /// close(2) is not traced: when a descriptor is reused for another file, the call's own
    /// events decide its inode, not what the descriptor named before.
    func testReusedDescriptor_followsTheCallsOwnEvents() {
        var a = TraceAnalyzer(source: "t")
        let enter: [EventField] = [EventField("fd", .int(3)), EventField("count", .uint(100))]
        a.consume(event("sys_enter_pwrite64", system: "syscalls", ts: 1, pid: 9, enter))
        a.consume(event("ext4_da_write_begin", ts: 2, pid: 9, [EventField("ino", .uint(5))]))
        a.consume(event("sys_exit_pwrite64", system: "syscalls", ts: 3, pid: 9, [EventField("ret", .int(100))]))
        a.consume(event("sys_enter_pwrite64", system: "syscalls", ts: 4, pid: 9, enter))
        a.consume(event("ext4_da_write_begin", ts: 5, pid: 9, [EventField("ino", .uint(6))]))
        a.consume(event("sys_exit_pwrite64", system: "syscalls", ts: 6, pid: 9, [EventField("ret", .int(100))]))
        let r = a.finish()
        XCTAssertEqual(r.inode(5)?.writes.calls, 1)
        XCTAssertEqual(r.inode(6)?.writes.calls, 1)
    }
}

extension MappingContextTests {
    /// A predicted trace of append + fsync on one task: write_begin, folio, write_begin,
    /// folio. Each write ends the writeback run before it: two batches of one folio.
    func testPredictedAppendFsync_writesSeparateIomapBatches() {
        var a = TraceAnalyzer(source: "predicted")
        let file: [EventField] = [EventField("ino", .uint(12))]
        for round in 0..<2 {
            let t = UInt64(round * 10)
            a.consume(event("ext4_iomap_buffered_write_begin", ts: t + 1, pid: 3395, file))
            a.consume(event("iomap_writeback_folio", system: "iomap", ts: t + 2, pid: 3395, file + [EventField("offset", .uint(UInt64(round) * 4096))]))
            a.consume(event("iomap_add_to_ioend", system: "iomap", ts: t + 3, pid: 3395, file + [EventField("offset", .uint(0)), EventField("length", .uint(4096)), EventField("addr", .uint(UInt64(round))), EventField("type", .uint(2))]))
        }
        let wb = a.finish().inode(12)?.writeback
        XCTAssertEqual(wb?.batches, 2)
        XCTAssertEqual(wb?.foliosPerBatch.max, 1)
        XCTAssertEqual(wb?.extentsPerBatch.max, 1)
    }
}
