import Analyzer
import TraceParser
import XCTest

/// The report's numbers on real captures, checked against the workload that ran
/// (`workload.txt`) and against event counts taken from the trace by the parser alone
/// (the same numbers `zstdcat trace.txt.zst | grep -c EVENT` gives).
final class ReportMetricsTests: XCTestCase {
    /// `xfs_io -f -c "pwrite -b 4k 0 1m" -c fsync FILE/a`: 256 writes of 4096 bytes to inode 12.
    func testSeqWrite4k_reports256WritesOf4KiBOnTheFile() throws {
        let r = try Captures.report("ext4-seq-write-4k")
        let file = try XCTUnwrap(r.inode(12))
        XCTAssertEqual(file.writes.calls, 256)
        XCTAssertEqual(file.writes.bySize, [4096: 256])
        XCTAssertEqual(file.writes.bytes, 1 << 20)
        XCTAssertEqual(r.total.writes.calls, 256)
        XCTAssertEqual(r.syscalls[.fsync], 1)
        // The loader's two pread64 of a shared library touch no inode of the traced filesystem.
        XCTAssertEqual(r.unattributedSyscalls, 2)
        XCTAssertEqual(r.total.reads.calls, 0)
    }

    func testSeqWrite4k_writebackIsOneBatchOf256PagesInOneExtent() throws {
        let r = try Captures.report("ext4-seq-write-4k")
        let wb = try XCTUnwrap(r.inode(12)).writeback
        // ext4_writepages runs twice (fsync, then the flusher finding nothing to write).
        XCTAssertEqual(wb.writepagesCalls, 2)
        XCTAssertEqual(wb.batches, 1)
        XCTAssertEqual(wb.foliosPerBatch.max, 256)
        XCTAssertEqual(wb.extentsPerBatch.max, 1)
        // dioread_nolock: the 256 blocks are allocated unwritten and converted at I/O end.
        XCTAssertEqual(r.inode(12)?.unwritten.conversions, 1)
        XCTAssertEqual(r.inode(12)?.unwritten.convertedBlocks, 256)
    }

    func testCommitsAndBlocksLogged_equalTheJbd2RunStatsLines() throws {
        for capture in ["ext4-seq-write-4k", "ext4-append-fsync", "ext4-truncate", "ext4-read-after-remount"] {
            let events = try Captures.events(capture)
            let r = try Captures.report(capture)
            let runStats = events.filter { $0.name == "jbd2_run_stats" }
            XCTAssertEqual(r.commitCount, runStats.count, capture)
            XCTAssertEqual(r.blocksLogged, runStats.reduce(0) { $0 + ($1["blocks_logged"]?.uint ?? 0) }, capture)
            XCTAssertEqual(r.total.allHandles.handles, Captures.count(events, "jbd2_handle_stats"), capture)
            XCTAssertEqual(r.total.allMapping.mapBlocks, Captures.count(events, "ext4_ext_map_blocks_enter"), capture)
            XCTAssertEqual(r.total.allMapping.esLookups, Captures.count(events, "ext4_es_lookup_extent_enter"), capture)
        }
        // grep -c jbd2_run_stats: 11 commits logging 54 blocks for ten append+fsync rounds.
        let r = try Captures.report("ext4-append-fsync")
        XCTAssertEqual(r.commitCount, 11)
        XCTAssertEqual(r.blocksLogged, 54)
    }

    /// Ten appends each followed by fsync: 8 × 4 KiB, 6 KiB, 1 KiB.
    func testAppendFsync_writeSizesAndOneSyncFilePerFsync() throws {
        let r = try Captures.report("ext4-append-fsync")
        let file = try XCTUnwrap(r.inode(12))
        XCTAssertEqual(file.writes.bySize, [4096: 8, 6144: 1, 1024: 1])
        XCTAssertEqual(file.writes.bytes, 8 * 4096 + 6144 + 1024)
        XCTAssertEqual(r.syscalls[.fsync], 10)
        XCTAssertEqual(r.latencies["ext4_sync_file"]?.count, 10)
        XCTAssertEqual(r.latencies["jbd2_commit"]?.count, 11)
    }

    /// dioread_nolock converts unwritten extents at I/O end under EXT_CONVERT handles;
    /// dioread_lock allocates written extents and has neither.
    func testDioreadLock_hasNoUnwrittenConversionsUnlikeTheDefault() throws {
        let nolock = try Captures.report("ext4-append-fsync")
        let lock = try Captures.report("ext4-dioread_lock-append-fsync")
        XCTAssertEqual(nolock.total.unwritten.conversions, 9)          // grep -c '...unwritten_extents.*CONVERT'
        XCTAssertEqual(nolock.total.handles[HandleType.extConvert.rawValue]?.handles, 9)   // grep -c 'type 11 '
        XCTAssertEqual(lock.total.unwritten.conversions, 0)
        XCTAssertNil(lock.total.handles[HandleType.extConvert.rawValue])
        XCTAssertEqual(lock.total.allHandles.handles, 14)
        XCTAssertEqual(nolock.total.allHandles.handles, 23)
    }

    /// XFS runs the iomap buffered path: one ->iomap_begin per 1 KiB write, two iomap_iter
    /// calls (the mapping, then the one that ends the loop), and no ext4 mapping at all.
    func testXfsSeqWrite1k_countsOneIomapBeginPerWrite() throws {
        let r = try Captures.report("xfs-seq-write-1k")
        let file = try XCTUnwrap(r.inode(131))
        XCTAssertEqual(file.writes.calls, 256)
        XCTAssertEqual(file.mappingInWrites.iomapBegin, 256)
        XCTAssertEqual(file.mappingInWrites.iomapIter, 512)
        XCTAssertEqual(file.allMapping.mapBlocks, 0)
        XCTAssertEqual(value(r.metrics(of: file), "iomap_begin_per_write"), 1)
        // Writeback: one run of 64 folios into one UNWRITTEN mapping.
        XCTAssertEqual(file.writeback.batches, 1)
        XCTAssertEqual(file.writeback.foliosPerBatch.max, 64)
        XCTAssertEqual(file.writeback.iomapUnwrittenBytes, 256 * 1024)
        XCTAssertEqual(r.commitCount, 0)
    }

    /// `pread -b 4k 0 64k`, `pread -b 64k 512k 512k`, `pread -b 1m 1m 1m` after a remount.
    func testReadAfterRemount_attributesReadsToTheFileBySize() throws {
        let r = try Captures.report("ext4-read-after-remount")
        let file = try XCTUnwrap(r.inode(12))
        XCTAssertEqual(file.reads.bySize, [4096: 16, 65536: 8, 1 << 20: 1])
        XCTAssertEqual(file.writes.bySize, [65536: 16])
        XCTAssertEqual(r.unattributedSyscalls, 4)   // two loader reads per xfs_io process
    }

    /// Block I/O: the fsync'd MiB goes out as data, the journal area is found from the write
    /// that follows jbd2_write_superblock, and every request is classified once.
    func testSeqWrite4k_blockIOSeparatesDataFromJournal() throws {
        let events = try Captures.events("ext4-seq-write-4k")
        let r = try Captures.report("ext4-seq-write-4k")
        let b = r.blockIO
        XCTAssertEqual(b.journalArea, "trace")
        XCTAssertEqual(b.journalStartSector, 2_097_152)            // block 262144 × 8
        XCTAssertEqual(b.journalSectors, 16384 * 8)               // "Total journal blocks: 16384"
        XCTAssertEqual(b.dataWrites.bytes, 1 << 20)
        let issued = events.filter { $0.name == "block_rq_issue" }
        let classified = b.reads.requests + b.dataWrites.requests + b.journalWrites.requests
            + b.metadataWrites.requests + b.discards.requests + b.flushes
        XCTAssertEqual(classified, issued.count)
        let journalBytes = issued.filter {
            let s = $0["sector"]?.uint ?? 0
            return ($0["rwbs"]?.string ?? "").hasPrefix("W") && s >= 2_097_152 && s < 2_097_152 + 131_072
        }.reduce(0) { $0 + ($1["bytes"]?.uint ?? 0) }
        XCTAssertEqual(b.journalWrites.bytes, journalBytes)
        XCTAssertGreaterThan(journalBytes, 0)
    }

    func testTruncate_latencyPairsTruncateEnterAndExit() throws {
        let r = try Captures.report("ext4-truncate")
        let d = try XCTUnwrap(r.latencies["ext4_truncate"])
        XCTAssertEqual(d.count, 2)
        // 2028.999567 → 2028.999583 and 2029.000671 → 2029.000689.
        XCTAssertEqual(d.min, 16_000)
        XCTAssertEqual(d.max, 18_000)
    }
}

extension ReportMetricsTests {
    /// `perf record` captures every filesystem: 54 of its ext4 events are the root disk's
    /// (254:0). With the device given, only the loop device's inodes remain, and the
    /// workload's file (ino 12) keeps its numbers.
    func testPerfScript_deviceFilterKeepsOnlyTheTracedFilesystem() throws {
        let path = Captures.path("ext4-perf-script", "perf-script.txt.zst")
        let all = try TraceAnalyzer.analyze(TraceFile.open(path), name: "perf", geometry: nil)
        let loop = try TraceAnalyzer.analyze(TraceFile.open(path), name: "perf", geometry: nil, device: "7,4")
        XCTAssertEqual(all.events - loop.events, 54)
        XCTAssertEqual(loop.inodes.compactMap(\.ino), [2, 12])
        XCTAssertEqual(loop.inode(12)?.allMapping, all.inode(12)?.allMapping)
        XCTAssertEqual(loop.total.allHandles.handles, all.total.allHandles.handles)
    }
}

extension ReportMetricsTests {
    /// The analyzer sees only events: the binary trace.dat of a capture and its `trace-cmd
    /// report` give the same numbers as its ftrace text (latencies aside: trace.dat keeps
    /// nanoseconds, the text printed microseconds).
    func testTraceDatAndTraceCmdReport_giveTheSameMetricsAsTheText() throws {
        for capture in ["ext4-append-fsync", "ext4-seq-write-4k", "xfs-seq-write-1k"] {
            let geometry = try Captures.geometry(capture)
            let text = try TraceAnalyzer.analyze(TraceFile.open(Captures.path(capture)), name: "t", geometry: geometry)
            let metrics = { (r: OverheadReport) in (r.metrics(of: r.total) + r.globalMetrics).map { "\($0.key)=\($0.text)" } }
            for other in ["trace.dat", "report.txt.zst"] {
                let r = try TraceAnalyzer.analyze(TraceFile.open(Captures.path(capture, other)), name: other, geometry: geometry)
                XCTAssertEqual(r.events, text.events, "\(capture) \(other)")
                XCTAssertEqual(metrics(r), metrics(text), "\(capture) \(other)")
                XCTAssertEqual(r.latencies.mapValues(\.count), text.latencies.mapValues(\.count), "\(capture) \(other)")
            }
        }
    }
}

extension ReportMetricsTests {
    /// `report` decodes of most events only their device and inode
    /// (`TraceAnalyzer.fieldsRead`): on real trace.dat captures (Linux 6.18 and the iomap
    /// series' kernel) the report is the same as with every field decoded, while fewer fields
    /// were decoded.
    func testReportReadingOnlyTheFieldsItUses_isTheFullReport() throws {
        for capture in ["ext4-append-fsync", "ext4-seq-write-4k", "ext4-dio-write", "ext4-journal-seq-write-4k",
                        "iomap/append-fsync/bh", "iomap/append-fsync/iomap", "iomap/seq-write-4k/iomap"] {
            let path = Captures.path(capture, "trace.dat")
            let geometry = try Captures.geometry(capture)
            var only = TraceReadOptions()
            only.decodeOnlyFieldsOf = { TraceAnalyzer.fieldsRead(system: $0, name: $1) }
            let full = try TraceAnalyzer.analyze(TraceFile.open(path), name: "r", geometry: geometry)
            let narrow = try TraceAnalyzer.analyze(TraceFile.open(path, options: only), name: "r", geometry: geometry)
            XCTAssertEqual(narrow.json(), full.json(), path)
            XCTAssertEqual(narrow.text(), full.text(), path)
            // Without a device to filter by, not even `dev` is decoded; with one, it is.
            var noDevice = TraceReadOptions()
            noDevice.decodeOnlyFieldsOf = { TraceAnalyzer.fieldsRead(system: $0, name: $1, filteringDevice: false) }
            let unfiltered = try TraceAnalyzer.analyze(TraceFile.open(path, options: noDevice), name: "r", geometry: geometry)
            XCTAssertEqual(unfiltered.json(), full.json(), path)
            let fields = { (o: TraceReadOptions) throws -> Int in
                let s = try TraceFile.open(path, options: o)
                var n = 0
                while let e = try s.next() { n += e.fields.count }
                return n
            }
            XCTAssertLessThan(try fields(only), try fields(TraceReadOptions()), path)
            XCTAssertLessThan(try fields(noDevice), try fields(only), path)
            guard capture == "ext4-append-fsync" || capture == "iomap/append-fsync/iomap" else { continue }
            let reader = try TraceFile.open(path)
            var first: String?
            while first == nil, let e = try reader.next() { first = e.device }
            let device = try XCTUnwrap(first, path)
            for dev in [device, "250:9"] {
                let fullOfDevice = try TraceAnalyzer.analyze(TraceFile.open(path), name: "r", geometry: geometry, device: dev)
                let narrowOfDevice = try TraceAnalyzer.analyze(TraceFile.open(path, options: only), name: "r", geometry: geometry, device: dev)
                XCTAssertEqual(narrowOfDevice.json(), fullOfDevice.json(), "\(path) --dev \(dev)")
            }
        }
    }
}
