import ReferenceFS
import TraceParser
import XCTest

/// Issue 5's checks on the real sequential captures (buffer_head kernel, replayed as if the
/// series or the delay-map proposal were applied).
final class IomapPathSequentialTests: XCTestCase {
    static let sequential = ["ext4-seq-write-1k", "ext4-seq-write-4k", "ext4-seq-write-64k", "ext4-seq-write-1m"]

    func testSequentialWrites_iomapBeginCallsEqualPwriteSyscalls() throws {
        for capture in Self.sequential {
            let events = try captureEvents(capture)
            let path = try replaySeries(events, .iomap, capture: capture)
            XCTAssertEqual(path.counters.writeBeginCalls, count(events, "sys_enter_pwrite64"), capture)
            XCTAssertEqual(path.counters.iomapBeginCalls, path.counters.writeBeginCalls, capture)
        }
    }

    func testSequentialWrites_writebackMapCallsNeverExceedBufferHeadExtents() throws {
        for capture in Self.sequential {
            let events = try captureEvents(capture)
            let path = try replaySeries(events, .iomap, capture: capture)
            XCTAssertGreaterThan(path.counters.writebackMapCalls, 0, capture)
            XCTAssertLessThanOrEqual(path.counters.writebackMapCalls, count(events, "ext4_da_write_pages_extent"), capture)
        }
    }

    func testSequentialWrites_conversionHandlesOnlyUnderIomap() throws {
        for capture in Self.sequential {
            let events = try captureEvents(capture)
            let iomap = try replaySeries(events, .iomap, capture: capture)
            let delaymap = try replaySeries(events, .delaymap, capture: capture)
            XCTAssertGreaterThan(iomap.journal.handlesByType()[.extConvert] ?? 0, 0, capture)
            XCTAssertEqual(delaymap.journal.handlesByType()[.extConvert] ?? 0, 0, capture)
            XCTAssertGreaterThan(iomap.counters.unwrittenConversions, 0, capture)
            XCTAssertEqual(delaymap.counters.unwrittenConversions, 0, capture)
        }
    }

    func testSequentialWrites_delayMapNeedsFewerHandlesAndNoMoreLoggedBlocks() throws {
        for capture in Self.sequential {
            let events = try captureEvents(capture)
            let iomap = try replaySeries(events, .iomap, capture: capture)
            let delaymap = try replaySeries(events, .delaymap, capture: capture)
            XCTAssertLessThan(delaymap.journal.handles.count, iomap.journal.handles.count, capture)
            XCTAssertLessThanOrEqual(delaymap.journal.blocksLogged, iomap.journal.blocksLogged, capture)
        }
    }

    func testOneKilobyteWrites_mapEveryWriteButAllocateOncePerExtent() throws {
        let events = try captureEvents("ext4-seq-write-1k")
        let path = try replaySeries(events, .iomap, capture: "ext4-seq-write-1k")
        XCTAssertEqual(path.counters.writeBeginCalls, 256)           // 4 calls per 4 KiB block
        XCTAssertEqual(path.counters.delayedExtentsMapped, 1)        // 256 KiB in one delayed extent
        XCTAssertEqual(path.counters.foliosWrittenBack, 64)          // 4 KiB folios
        let inode = try XCTUnwrap(path.allInodes.last?.inode)
        XCTAssertEqual(inode.size, 256 << 10)
        XCTAssertEqual(inode.disksize, 256 << 10)
        XCTAssertEqual(inode.states.runs.map(\.state), [.written])
    }

    func testPredictionIgnoresKernelDecisionEvents() throws {
        let decisions: Set<String> = ["ext4_ext_map_blocks_exit", "ext4_es_insert_extent", "ext4_es_insert_delayed_extent",
                                      "ext4_mballoc_alloc", "ext4_allocate_blocks", "ext4_request_blocks",
                                      "ext4_journal_start_inode", "ext4_journal_start_sb", "ext4_journal_start_reserved",
                                      "jbd2_handle_stats", "jbd2_run_stats", "block_rq_issue", "block_rq_complete",
                                      "ext4_da_write_pages_extent", "ext4_writepages_result"]
        let events = try captureEvents("ext4-append-fsync")
        let stripped = events.filter { !decisions.contains($0.name) && $0.system != "jbd2" }
        let a = try replaySeries(events, .iomap, capture: "ext4-append-fsync", recordEvents: true)
        let b = try replaySeries(stripped, .iomap, capture: "ext4-append-fsync", recordEvents: true)
        XCTAssertEqual(a.counters, b.counters)
        XCTAssertEqual(a.events, b.events)
    }
}
