import Testing
import TraceParser
@testable import ReferenceFS

/// The model reads only what the workload and the VFS asked of ext4.
@Suite struct ModelInputTests {
    static let forbidden = [
        "ext4_ext_map_blocks_exit", "ext4_es_insert_extent", "ext4_mballoc_alloc", "ext4_allocate_blocks",
        "ext4_request_blocks", "ext4_mb_new_group_pa", "ext4_journal_start_inode", "jbd2_handle_stats",
        "jbd2_run_stats", "block_rq_issue", "ext4_da_write_pages_extent", "ext4_writepages_result",
        "ext4_da_reserve_space", "ext4_iomap_buffered_write_begin", "ext4_iomap_map_writeback_range",
        "ext4_iomap_buffered_read_begin", "ext4_iomap_zero_begin", "iomap_iter_dstmap", "iomap_iter_srcmap",
        "iomap_writeback_folio", "iomap_add_to_ioend", "ext4_es_insert_delayed_extent",
    ]

    @Test func allowList_refusesEveryDecisionEvent() throws {
        let events = try Fixtures.events("ext4-append-fsync")
        let names = Set(events.filter { ModelInput.allows($0) }.map(\.name))
        for f in Self.forbidden { #expect(!names.contains(f), "\(f) must not reach the model") }
        #expect(names.contains("ext4_da_write_begin") && names.contains("ext4_writepages"))
    }

    /// A trace stripped of every event the allow-list refuses replays to the same prediction.
    @Test(arguments: ["ext4-append-fsync", "ext4-random-write", "ext4-journal-append-fsync", "ext4-dio-write", "ext4-truncate"])
    func strippedTrace_givesIdenticalPredictions(capture: String) throws {
        let all = try Fixtures.events(capture)
        let stripped = all.filter { ModelInput.allows($0) }
        #expect(stripped.count < all.count / 2)
        var a = try Fixtures.replay(capture, events: all)
        var b = try Fixtures.replay(capture, events: stripped)
        #expect(a.finish() == b.finish())
    }

    /// The same capture rendered by `trace-cmd report` (numeric inode flags, other field
    /// spellings) replays to the same prediction as the raw ftrace text.
    @Test(arguments: ["ext4-append-fsync", "ext4-truncate", "ext4-dio-write", "ext4-journal-append-fsync", "ext4-punch-zero"])
    func traceCmdReport_givesTheSamePredictionAsFtraceText(capture: String) throws {
        var a = try Fixtures.replay(capture)
        var b = try Fixtures.replay(capture, events: Fixtures.events(capture, file: "report.txt.zst"))
        #expect(a.finish() == b.finish())
    }

    /// On an iomap-path capture the allow-list refuses the series' mappings and the generic
    /// layer's, and keeps the write itself (`iomap_iter`).
    @Test(.enabled(if: !KernelCaptures.iomap.isEmpty, "\(KernelCaptures.missing) on the iomap path"))
    func allowList_refusesEveryDecisionEvent_onIomapCaptures() throws {
        for c in KernelCaptures.iomap {
            let names = Set(try KernelCaptures.events(c).filter { ModelInput.allows($0) }.map(\.name))
            for f in Self.forbidden { #expect(!names.contains(f), "\(c.name): \(f) must not reach the model") }
            #expect(names.contains("ext4_writepages"), "\(c.name)")
            // data=journal keeps every inode on buffer_head: no iomap_iter there.
            if !c.mountOptions.contains("data=journal") { #expect(names.contains("iomap_iter"), "\(c.name)") }
        }
    }

    /// Every 7.3 capture, from either path, stripped of what the allow-list refuses, predicts
    /// exactly what the full trace predicts — under every model. One case per capture.
    @Test(.enabled(if: !KernelCaptures.all.isEmpty, "\(KernelCaptures.missing)"), arguments: KernelCaptures.all.map(\.name))
    func strippedTrace_givesIdenticalPredictions_onEitherPath_underEveryModel(capture name: String) throws {
        let c = try #require(KernelCaptures.all.first { $0.name == name })
        let all = try KernelCaptures.events(c)
        let stripped = all.filter { ModelInput.allows($0) }
        #expect(stripped.count < all.count, "\(c.name)")
        for path in BufferedIOPaths.all {
            let a = try KernelCaptures.replay(c, events: all, path: path)
            let b = try KernelCaptures.replay(c, events: stripped, path: path)
            #expect(a == b, "\(c.name) under \(path.name)")
        }
    }

    /// Only the first `iomap_iter` of a write is an input: dropping every later iteration (the
    /// ones whose lengths are ext4's mappings) changes no prediction.
    @Test(.enabled(if: !KernelCaptures.iomap.isEmpty, "\(KernelCaptures.missing) on the iomap path"))
    func laterIomapIterations_areNeverRead() throws {
        var dropped = 0
        for c in KernelCaptures.iomap {
            let all = try KernelCaptures.events(c)
            var afterSyscall: Set<Int> = []
            // Every iteration of a buffered write but the first after its pwrite64 goes (write
            // faults and zeroing keep theirs: they are not buffered writes).
            let firstOnly = all.filter { e in
                if e.name == "sys_enter_pwrite64" { afterSyscall.insert(e.pid); return true }
                guard e.name == "iomap_iter", Replayer.iomapFlags(e["flags"]) == Replayer.iomapWrite else { return true }
                return afterSyscall.remove(e.pid) != nil
            }
            dropped += all.count - firstOnly.count
            for path in [IomapPath(), BufferHeadPath()] as [any BufferedIOPath] {
                let a = try KernelCaptures.replay(c, events: all, path: path)
                let b = try KernelCaptures.replay(c, events: firstOnly, path: path)
                #expect(a == b, "\(c.name) under \(path.name)")
            }
        }
        #expect(dropped > 0, "the captures had later iterations to drop")
    }
}
