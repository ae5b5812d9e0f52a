import ReferenceFS
import TestSupport
import TraceParser
import XCTest

/// Issue 5's checks on the real sequential captures (buffer_head kernel, replayed as if the
/// series or the delay-map proposal were applied).
final class IomapPathSequentialTests: XCTestCase {
    static let sequential = ["ext4-seq-write-1k", "ext4-seq-write-4k", "ext4-seq-write-64k", "ext4-seq-write-1m"]

    func testSequentialWrites_iomapBeginCallsEqualPwriteSyscalls() throws {
        for capture in Self.sequential {
            let events = try iomapCaptureEvents(capture)
            let r = try replayCapture(capture, events: events, path: IomapPath(scheme: .iomap))
            XCTAssertEqual(r.result.counters.iomapBeginCalls, countEvents(events, "sys_enter_pwrite64"), capture)
        }
    }

    func testSequentialWrites_writebackMapCallsNeverExceedBufferHeadExtents() throws {
        for capture in Self.sequential {
            let events = try iomapCaptureEvents(capture)
            let r = try replayCapture(capture, events: events, path: IomapPath(scheme: .iomap))
            XCTAssertGreaterThan(r.result.counters.writebackMapCalls, 0, capture)
            XCTAssertLessThanOrEqual(r.result.counters.writebackMapCalls, countEvents(events, "ext4_da_write_pages_extent"), capture)
        }
    }

    func testSequentialWrites_conversionHandlesOnlyUnderIomap() throws {
        for capture in Self.sequential {
            let events = try iomapCaptureEvents(capture)
            let iomap = try replayCapture(capture, events: events, path: IomapPath(scheme: .iomap))
            let delaymap = try replayCapture(capture, events: events, path: IomapPath(scheme: .delaymap))
            XCTAssertGreaterThan(iomap.result.handlesByType[.extConvert] ?? 0, 0, capture)
            XCTAssertEqual(delaymap.result.handlesByType[.extConvert] ?? 0, 0, capture)
            XCTAssertGreaterThan(iomap.result.counters.unwrittenConversions, 0, capture)
            XCTAssertEqual(delaymap.result.counters.unwrittenConversions, 0, capture)
        }
    }

    /// Issue 5 expects delay-map to log fewer journal blocks than iomap. On these captures the
    /// model finds the same blocks (bitmap, descriptor, inode) dirtied in the same single
    /// transaction either way, so it asserts what holds — never more blocks, fewer handles and
    /// credits — and docs/iomap-series.md reports the figures.
    func testSequentialWrites_delayMapNeedsFewerHandlesAndNoMoreLoggedBlocks() throws {
        for capture in Self.sequential {
            let events = try iomapCaptureEvents(capture)
            let iomap = try replayCapture(capture, events: events, path: IomapPath(scheme: .iomap))
            let delaymap = try replayCapture(capture, events: events, path: IomapPath(scheme: .delaymap))
            XCTAssertLessThan(delaymap.result.handles, iomap.result.handles, capture)
            XCTAssertLessThan(delaymap.result.creditsRequested, iomap.result.creditsRequested, capture)
            XCTAssertLessThanOrEqual(delaymap.result.blocksLogged, iomap.result.blocksLogged, capture)
        }
    }

    /// 1 KiB writes on 4 KiB blocks: the series' kernel (fixtures/iomap/seq-write-1k/iomap, the
    /// same `pwrite -b 1k 0 256k` on 7.3-rc7 + v2) maps every write (`ext4_iomap_buffered_write_begin`
    /// per pwrite64), writes the file back as one delayed extent and leaves one extent on disk;
    /// the model replaying the 6.18 capture's operations predicts the same counts and extents.
    func testOneKilobyteWrites_mapEveryWriteButAllocateOncePerExtent() throws {
        let capture = "ext4-seq-write-1k"
        let kernelDir = Fixtures.root + "iomap/seq-write-1k/iomap/"
        guard let kernelTrace = CaptureDirectory(kernelDir).traceFile else {
            throw XCTSkip("fixtures/iomap/seq-write-1k/iomap (the series kernel's capture) is missing")
        }
        let kernel = try CorpusCache.shared.events(kernelTrace)
        let kernelExtents = try GroundTruth.parseExtents(String(contentsOfFile: kernelDir + "extents.txt", encoding: .utf8))
        let r = try replayCapture(capture, events: try iomapCaptureEvents(capture), path: IomapPath(scheme: .iomap))
        XCTAssertEqual(r.result.counters.iomapBeginCalls, countEvents(kernel, "ext4_iomap_buffered_write_begin"))
        XCTAssertEqual(r.count("ext4_da_write_pages_extent"), countEvents(kernel, "ext4_da_write_pages_extent"))
        let file = try XCTUnwrap(r.result.inodes.first { $0.ino == 12 })
        XCTAssertEqual(file.sizeBytes, 256 << 10)
        XCTAssertEqual(file.disksizeBytes, 256 << 10)
        XCTAssertEqual(file.extents.map(\.lengthBlocks), kernelExtents[12]?.map(\.lengthBlocks))
        XCTAssertEqual(file.extents.map(\.isUnwritten), kernelExtents[12]?.map(\.isUnwritten))
    }

    func testPredictionIgnoresKernelDecisionEvents() throws {
        let decisions: Set<String> = ["ext4_ext_map_blocks_exit", "ext4_es_insert_extent", "ext4_es_insert_delayed_extent",
                                      "ext4_mballoc_alloc", "ext4_allocate_blocks", "ext4_request_blocks",
                                      "ext4_journal_start_inode", "ext4_journal_start_sb", "ext4_journal_start_reserved",
                                      "block_rq_issue", "block_rq_complete", "ext4_da_write_pages_extent",
                                      "ext4_writepages_result"]
        let capture = "ext4-append-fsync"
        let events = try iomapCaptureEvents(capture)
        let stripped = events.filter { !decisions.contains($0.name) && $0.system != "jbd2" }
        for scheme in WritebackScheme.allCases {
            let a = try replayCapture(capture, events: events, path: IomapPath(scheme: scheme))
            let b = try replayCapture(capture, events: stripped, path: IomapPath(scheme: scheme))
            XCTAssertEqual(a.result, b.result, scheme.rawValue)
            XCTAssertEqual(a.predicted, b.predicted, scheme.rawValue)
        }
    }
}

/// The generic iomap layer the model applies, against XFS running the same workloads on the
/// same kernel (XFS uses iomap for buffered I/O).
final class GenericIomapLayerTests: XCTestCase {
    func testOneIomapBeginPerWriteAndOneWritebackFolioPerFolio_asXFSDoes() throws {
        for (ext4, xfs) in [("ext4-seq-write-1k", "xfs-seq-write-1k"), ("ext4-seq-write-64k", "xfs-seq-write-64k")] {
            let xfsEvents = try iomapCaptureEvents(xfs)
            let r = try replayCapture(ext4, events: try iomapCaptureEvents(ext4), path: IomapPath(scheme: .iomap))
            XCTAssertEqual(r.result.counters.iomapBeginCalls, countEvents(xfsEvents, "iomap_iter_dstmap"), ext4)
            XCTAssertEqual(r.count("iomap_writeback_folio"), countEvents(xfsEvents, "iomap_writeback_folio"), ext4)
            XCTAssertEqual(r.count("iomap_add_to_ioend"), countEvents(xfsEvents, "iomap_add_to_ioend"), ext4)
        }
    }
}
