import Testing
import TraceParser
import ModelRuns
@testable import ReferenceFS

/// The journal events the model emits, handle by handle and commit by commit, against the
/// `jbd2_handle_stats` and `jbd2_run_stats` the kernel printed for the same workload: the
/// fixtures' 6.18 captures replayed under buffer_head, and the series kernel's (7.3-rc7 + v2)
/// `fixtures/iomap/*/iomap` captures replayed under iomap. Known gaps are listed with their
/// cause; everything else must agree exactly.
@Suite struct JournalEventFidelityTests {
    /// One `jbd2_handle_stats`: tid, type, requested_blocks, dirtied_blocks.
    struct HandleStats: Hashable, CustomStringConvertible {
        var tid: UInt64, type: Int64, requested: Int64, dirtied: Int64
        var description: String { "tid \(tid) type \(type) requested \(requested) dirtied \(dirtied)" }
    }
    /// One `jbd2_run_stats`: tid, handle_count, blocks, blocks_logged.
    struct CommitStats: Equatable, CustomStringConvertible {
        var tid: UInt64, handles: UInt64, blocks: UInt64, logged: UInt64
        var description: String { "tid \(tid) handles \(handles) blocks \(blocks) logged \(logged)" }
    }

    static func handles(_ events: [TraceEvent]) -> [HandleStats] {
        events.filter { $0.name == "jbd2_handle_stats" }.map {
            HandleStats(tid: $0["tid"]?.uint ?? 0, type: $0["type"]?.int ?? -1,
                        requested: $0["requested_blocks"]?.int ?? -1, dirtied: $0["dirtied_blocks"]?.int ?? -1)
        }
    }

    static func commits(_ events: [TraceEvent]) -> [CommitStats] {
        events.filter { $0.name == "jbd2_run_stats" }.map {
            CommitStats(tid: $0["tid"]?.uint ?? 0, handles: $0["handle_count"]?.uint ?? 0,
                        blocks: $0["blocks"]?.uint ?? 0, logged: $0["blocks_logged"]?.uint ?? 0)
        }
    }

    /// The capture's events and the model's, replayed as `replay` sets the model up
    /// (geometry.txt, meta.json's mount options and kernel).
    static func run(_ capture: String, _ path: any BufferedIOPath) throws -> (kernel: [TraceEvent], model: [TraceEvent]) {
        let dir = Fixtures.capture(capture)
        var fs = Filesystem(geometry: try Fixtures.geometry(capture), options: try Fixtures.options(capture))
        if let release = dir.meta?.kernel, let kernel = KernelRelease.parse(release) { fs.kernel = kernel }
        let kernel = try Fixtures.events(capture)
        let run = ModelRun(capture: EventArraySource(kernel), path: path, filesystem: fs)
        return (kernel, try run.readAll())
    }

    /// Handles the two sides do not share (as multisets: concurrent tasks interleave).
    static func unmatched(_ kernel: [HandleStats], _ model: [HandleStats]) -> (kernel: [HandleStats], model: [HandleStats]) {
        var left = kernel
        var extra: [HandleStats] = []
        for h in model {
            if let i = left.firstIndex(of: h) { left.remove(at: i) } else { extra.append(h) }
        }
        return (left, extra)
    }

    /// 6.18 captures whose every handle and commit the buffer_head model reproduces.
    static let exact618 = [
        "ext4-1kblock-seq-write-4k", "ext4-append-fsync", "ext4-bigalloc-random-write", "ext4-bigalloc-seq-write-4k",
        "ext4-dio-write", "ext4-dioread_lock-append-fsync", "ext4-dioread_lock-seq-write-64k",
        "ext4-journal-append-fsync", "ext4-journal-seq-write-4k", "ext4-many-small-files",
        "ext4-nodelalloc-random-write", "ext4-nodelalloc-seq-write-4k", "ext4-punch-zero", "ext4-random-write",
        "ext4-seq-write-1k", "ext4-seq-write-1m", "ext4-seq-write-4k", "ext4-seq-write-64k", "ext4-truncate",
        "ext4-writeback-append-fsync", "ext4-falloc-overwrite",
        // Recorded on this host's 6.18 after the model matched the corpus (each exposed a bug:
        // mke2fs's one-group table offset and credits, NO_NORMALIZE, ensure_extent_credits,
        // PRE_IO splits and merge-up).
        "ext4-bigalloc64k-seq-write-4k", "ext4-falloc-overwrite-4m", "ext4-nodelalloc-append-fsync",
        "ext4-seq-write-40m-1m",
        // Held out until blocks freed by a truncate stayed busy until their commit.
        "ext4-truncate-append-16k",
    ]

    @Test(arguments: exact618)
    func bufferHead_everyHandleAndCommit_asTheKernelPrintedThem(capture: String) throws {
        let (kernel, model) = try Self.run(capture, BufferHeadPath())
        let gap = Self.unmatched(Self.handles(kernel), Self.handles(model))
        #expect(gap.kernel.isEmpty && gap.model.isEmpty, "\(capture): kernel only \(gap.kernel), model only \(gap.model)")
        #expect(Self.commits(model) == Self.commits(kernel), "\(capture)")
    }

    /// Known gaps on 6.18, each with its cause; they fail here the day the model closes them.
    /// - ext4-mmap-write: page-fault writes (`ext4_page_mkwrite`) have no tracepoint, so the
    ///   model misses their handles.
    /// - ext4-read-after-remount: the first open after the remount is not seen (syscalls carry
    ///   no device), so its superblock handle lands in another transaction.
    static let knownGaps618: [(capture: String, unmatchedHandles: Int)] = [
        ("ext4-mmap-write", 4), ("ext4-read-after-remount", 2),
    ]

    @Test(arguments: knownGaps618.map(\.capture))
    func bufferHead_knownGaps_stayKnown(capture: String) throws {
        let (kernel, model) = try Self.run(capture, BufferHeadPath())
        let gap = Self.unmatched(Self.handles(kernel), Self.handles(model))
        let listed = try #require(Self.knownGaps618.first { $0.capture == capture }).unmatchedHandles
        #expect(gap.kernel.count <= listed, "\(capture): more handles wrong than listed: kernel only \(gap.kernel)")
        #expect(gap.kernel.count > 0, "\(capture): now exact — move it to exact618")
    }

    /// The series kernel's own captures under the iomap model: every commit (handle count,
    /// blocks, blocks logged) and every handle (type, requested, dirtied), `__ext4_new_inode`'s
    /// 39 credits on 7.3-rc7 (`requested_blocks 40`, `Credits.newInode`) included.
    /// (bigalloc-seq-write-4k and bigalloc-random-write are known gaps: with bigalloc the
    /// series kernel asks 30 credits, `revoke_creds 32`, where the model's chunk estimate is 19.)
    static let series = ["1kblock-seq-write-4k", "append-fsync", "falloc-write",
                         "journal-append-fsync", "mmap-write", "nodelalloc-random-write", "nodelalloc-seq-write-4k",
                         "overwrite", "punch-zero", "random-write", "read-after-drop", "seq-write-10m", "seq-write-1k",
                         "seq-write-1m", "seq-write-4k", "seq-write-64k"]

    @Test(arguments: series)
    func iomap_seriesKernelCaptures_everyCommitAndEveryHandle(capture: String) throws {
        let (kernel, model) = try Self.run("iomap/\(capture)/iomap", IomapPath(scheme: .iomap))
        let gap = Self.unmatched(Self.handles(kernel), Self.handles(model))
        #expect(gap.kernel.isEmpty, "\(capture): kernel only \(gap.kernel)")
        #expect(gap.model.isEmpty, "\(capture): model only \(gap.model)")
        #expect(Self.commits(model) == Self.commits(kernel), "\(capture)")
    }

    /// Commits carry their own time: an fsync's commit at the fsync, never after the replay's
    /// last event, and in tid order.
    @Test func commits_happenAtTheirOwnTime() throws {
        let (kernel, model) = try Self.run("ext4-append-fsync", BufferHeadPath())
        let commits = model.filter { $0.name == "jbd2_run_stats" }
        let fsyncs = kernel.filter { $0.name == "ext4_sync_file_exit" }.map(\.timestampNs)
        #expect(commits.count == 11)
        // Ten fsyncs commit at their own exit; the last commit is the unmount's.
        #expect(Array(commits.prefix(10).map(\.timestampNs)) == Array(fsyncs.prefix(10)))
        #expect(commits.map { $0["tid"]?.uint ?? 0 } == Array(2...12))
    }
}

/// The model's events print through the kernel's print formats and read back through the text
/// reader field for field, as a capture's do (what `replay --emit-trace` writes).
@Suite struct EmittedTraceRoundTripTests {
    @Test(arguments: ["ext4-append-fsync", "ext4-truncate", "ext4-punch-zero", "ext4-nodelalloc-random-write"])
    func everyEmittedEvent_rendersAndReadsBack(capture: String) throws {
        for path in [BufferHeadPath(), IomapPath(scheme: .iomap), IomapPath(scheme: .delaymap)] as [any BufferedIOPath] {
            let (_, model) = try JournalEventFidelityTests.run(capture, path)
            let renderer = FtraceTextRenderer()
            let text = model.map { renderer.line($0) + "\n" }.joined()
            let reader = TextTraceReader(source: MemoryByteSource(Array(text.utf8)), format: .ftrace, options: TraceReadOptions())
            var read: [TraceEvent] = []
            while let e = try reader.next() { read.append(e) }
            #expect(reader.diagnostics.unparsedLines == 0 && reader.diagnostics.genericFallbacks == 0, "\(capture) \(path.name)")
            #expect(read.count == model.count)
            for (a, b) in zip(model, read) {
                #expect(a.name == b.name && a.pid == b.pid && a.cpu == b.cpu && a.timestampNs / 1000 == b.timestampNs / 1000)
                for f in a.fields where f.name != "type" || a.name != "iomap_add_to_ioend" {
                    #expect(b[f.name] == f.value, "\(capture) \(path.name) \(a.name).\(f.name): \(f.value) → \(b[f.name].map { "\($0)" } ?? "nil")")
                }
            }
        }
    }
}
