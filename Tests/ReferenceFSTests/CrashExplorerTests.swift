import TestSupport
import Testing
import TraceParser
@testable import ReferenceFS

/// `crash` on real captures: the model's crash states against the kernel's (fixtures/crashlog/
/// traced-*: 7.3-rc7 + the iomap series, dm-log-writes log and trace of the same run, checked by
/// `crashlog`), and the corpus captures where the series says no stale data can appear.
@Suite struct CrashExplorerTests {
    /// Runs the explorer of `path` over a capture, with the capture's own mount options unless
    /// `options` is given.
    static func explore(_ capture: String, path: String, whatIfs: Set<CrashWhatIf> = [], options: String? = nil,
                        latencyUs: UInt64? = nil) throws -> CrashExplorer {
        let mount = try options.map { try MountOptions.parse($0) } ?? Fixtures.options(capture)
        let fs = Filesystem(geometry: try Fixtures.geometry(capture), options: mount)
        guard let p = BufferedIOPaths.named(path) else { throw ModelError(.mountOptions, file: path, "no such path") }
        let replayer = Replayer(filesystem: fs, path: p)
        var x = CrashExplorer(replayer: replayer, config: CrashPathConfig(path: path, options: mount, whatIfs: whatIfs))
        x.fixedLatencyNs = latencyUs.map { $0 * 1000 }
        guard let file = Fixtures.capture(capture).traceFile else { throw ModelError(.mountOptions, file: capture, "no trace") }
        let source = try TraceFile.open(file)
        while let e = try source.next() {
            x.consume(e)
            // After every step that can free, cut, submit or sync (checking after each of the
            // thousands of per-folio events would only repeat the same check).
            if CrashExplorer.watchedEvents.contains(e.name) { x.checkInvariants() }
        }
        x.finish()
        return x
    }

    static let staleWindow = "crashlog/traced-writeback-dioread_lock-window-3"

    /// The kernel's stale-data window (data=writeback,dioread_lock: `crashlog` finds blocks
    /// 1024-1535 of f1, inode 12, holding the device's old content at the commit of
    /// transaction 3, whose data write completes two log entries later). The model finds the
    /// same blocks in the same transaction once a 2 MiB write takes 50 ms (the kernel's did
    /// not complete before the commit record, ~30 ms after its submission).
    @Test func dioreadLockWindow_staleDataWhereTheKernelFoundIt() throws {
        let x = try Self.explore(Self.staleWindow, path: "buffer_head", latencyUs: 50_000)
        let stale = x.violations.filter { $0.kind == .staleData }
        #expect(stale.count == 1)
        #expect(stale.first?.ino == 12 && stale.first?.blocks == [1024..<1536])
        #expect(stale.first?.explanation.contains("transaction 3") == true)
        #expect(x.counts[.lostFsync] == nil)
    }

    /// At the capture's own latency estimate (mean fsync duration, 8–36 ms here) the write
    /// completes before the commit: no window. docs/crash.md shows the kernel's was slower.
    @Test func dioreadLockWindow_closedAtTheMeasuredLatency() throws {
        let x = try Self.explore(Self.staleWindow, path: "buffer_head")
        #expect(x.counts[.staleData] == nil)
        #expect(x.pointCount == 69 && x.commits.count == 33)
    }

    /// data=ordered and buffered_iomap windows (same workload, same kernel): no stale data in
    /// the model, as in the kernel, even with slow writes.
    @Test func orderedAndIomapWindows_noStaleData() throws {
        for latency: UInt64? in [nil, 50_000, 200_000] {
            let ordered = try Self.explore("crashlog/traced-ordered-window-1", path: "buffer_head", latencyUs: latency)
            let iomap = try Self.explore("crashlog/traced-buffered_iomap-window-1", path: "iomap", latencyUs: latency)
            #expect(ordered.counts[.staleData] == nil && iomap.counts[.staleData] == nil)
            #expect(ordered.pessimisticCounts[.staleData] == nil && iomap.pessimisticCounts[.staleData] == nil)
            #expect(iomap.pointCount > 60 && ordered.pointCount > 60)
        }
    }

    /// With dioread_nolock, data=ordered does not order unwritten allocations and the
    /// buffer_head path moves i_disksize at submission: a commit in the window recovers a size
    /// covering unwritten blocks — zeros, size_past_data (the kernel showed it in 1 of 10
    /// ordered window runs of docs/crash.md).
    @Test func orderedWindow_sizePastDataFromDisksizeAtSubmission() throws {
        let x = try Self.explore("crashlog/traced-ordered-window-1", path: "buffer_head")
        #expect((x.counts[.sizePastData] ?? 0) > 0)
        #expect(x.violations.allSatisfy { $0.kind == .sizePastData && $0.explanation.contains("unwritten") })
    }

    /// `no-ordered` on the buffer_head path with dioread_lock: stale data on the ordered
    /// window capture, where ordered data had closed the window.
    @Test func whatIfNoOrdered_exposesStaleDataWithDioreadLock() throws {
        let base = try Self.explore("crashlog/traced-ordered-window-1", path: "buffer_head", options: "data=ordered,dioread_lock")
        let x = try Self.explore("crashlog/traced-ordered-window-1", path: "buffer_head", whatIfs: [.noOrdered],
                                 options: "data=ordered,dioread_lock")
        #expect(base.counts[.staleData] == nil)
        #expect(x.counts[.staleData] == 1)
    }

    /// `disksize-at-submit` on the iomap path: i_disksize committed past blocks whose
    /// conversion has not: size_past_data, never stale data; with `written-allocation` too,
    /// stale data. `written-allocation` alone shows nothing on appends: i_disksize, still moved
    /// at completion, never covers a block in flight (each choice alone protects appends).
    @Test func whatIfIomapSwitches_eachChoiceAndBoth() throws {
        let c = "crashlog/traced-ordered-window-1"
        let size = try Self.explore(c, path: "iomap", whatIfs: [.disksizeAtSubmit])
        let written = try Self.explore(c, path: "iomap", whatIfs: [.writtenAllocation])
        let both = try Self.explore(c, path: "iomap", whatIfs: [.writtenAllocation, .disksizeAtSubmit])
        let series = try Self.explore(c, path: "iomap")
        #expect((size.counts[.sizePastData] ?? 0) > 0 && size.counts[.staleData] == nil)
        #expect(written.counts.isEmpty && series.counts.isEmpty)
        #expect((both.counts[.staleData] ?? 0) > 0)
    }

    static let sparseWindow = "crashlog/traced-buffered_iomap-window-sparse-2"

    /// `written-allocation` alone, where i_disksize already covers the blocks being written:
    /// thread A ftruncates f1 (inode 13) up to 8 MiB and fsyncs it, then fills the holes in
    /// 2 MiB pieces under `sync_file_range`, while thread B's fsyncs commit (buffered_iomap on
    /// 7.3-rc7 + the series). The series allocates the pieces unwritten, so a commit in the
    /// window recovers zeros inside i_disksize (size_past_data, as the kernel's log shows);
    /// allocated written, the same commit (transaction 4) maps blocks 1536-2047 written while
    /// their data write is in flight — the blocks the kernel's log has mapped unwritten, inside
    /// i_disksize, with their write still in flight at that commit (`CrashCheckerWindowTests`).
    @Test func whatIfWrittenAllocation_staleDataWhenHolesInsideTheDurableSizeAreFilled() throws {
        let series = try Self.explore(Self.sparseWindow, path: "iomap")
        let written = try Self.explore(Self.sparseWindow, path: "iomap", whatIfs: [.writtenAllocation])
        #expect(series.counts[.staleData] == nil && series.counts[.lostFsync] == nil)
        #expect((series.counts[.sizePastData] ?? 0) > 0)
        let stale = written.violations.filter { $0.kind == .staleData }
        #expect(stale.count == 1)
        #expect(stale.first?.ino == 13 && stale.first?.blocks == [1536..<2048])
        #expect(stale.first?.explanation.contains("committed written in transaction 4") == true)
        #expect(written.counts[.lostFsync] == nil)
        // The same workload appending instead (no truncate up): nothing, as above.
        let appends = try Self.explore("crashlog/traced-buffered_iomap-window-1", path: "iomap", whatIfs: [.writtenAllocation])
        #expect(appends.counts[.staleData] == nil)
    }

    /// The series' claim, on the corpus (6.18 and 7.3 captures): data=ordered and the iomap
    /// path expose no stale data and lose no fsync anywhere.
    @Test func corpus_noStaleDataWithOrderedOrIomap() throws {
        let captures = TestSupport.Fixtures.captures(prefix: "ext4-") + ["iomap/append-fsync/iomap", "iomap/truncate/iomap",
                                                                          "iomap/overwrite/iomap", "iomap/punch-zero/iomap"]
        for c in captures where Fixtures.capture(c).traceFile != nil {
            let iomap = try Self.explore(c, path: "iomap")
            #expect(iomap.counts[.staleData] == nil && iomap.counts[.lostFsync] == nil, "\(c)")
            guard try Fixtures.options(c).data == .ordered else { continue }
            let bh = try Self.explore(c, path: "buffer_head")
            #expect(bh.counts[.staleData] == nil && bh.counts[.lostFsync] == nil, "\(c)")
        }
    }
}
