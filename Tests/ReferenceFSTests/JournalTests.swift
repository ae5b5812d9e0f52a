import Testing
@testable import ReferenceFS

/// The journal's handles and transactions, call by call, with the figures the kernel printed
/// for the same calls.
@Suite struct JournalTests {
    /// ext4-append-fsync (6.18): `blocks 3 blocks_logged 5` for an append + fsync — each
    /// metadata block once, one descriptor block and the commit block; the commit keeps its
    /// time, its handles and its blocks.
    @Test func commit_logsDistinctBlocksPlusDescriptorAndCommitBlock_atItsOwnTime() throws {
        var j = Journal(blockSize: 4096)
        let a = j.start(.writePage, credits: 30, task: 1, at: 1)
        j.dirty(a, [.inodeTable(0), .blockBitmap(1), .groupDescriptor(0)])
        j.stop(a, at: 1)
        let b = j.start(.extConvert, credits: 18, fromReservation: true, task: 1, at: 2)
        j.dirty(b, [.inodeTable(0)])
        j.stop(b, at: 2)
        let committed = j.commit(.fsync, at: 3)
        let c = try #require(committed)
        #expect(c.tid == 2 && c.handles == 2 && c.blocks == 3 && c.blocksLogged == 5)
        #expect(c.startNs == 1 && c.commitNs == 3 && c.handleIDs == [a, b])
        #expect(c.metadataBlocks == [.inodeTable(0), .blockBitmap(1), .groupDescriptor(0)])
        let again = j.commit(.sync, at: 4)
        #expect(again == nil, "an empty transaction does not commit")
        j.checkInvariants()
    }

    /// ext4-falloc-overwrite: `ext4_journal_start_sb: blocks 46, revoke_creds 8` →
    /// `jbd2_handle_stats: ... requested_blocks 47 dirtied_blocks 4`; a conversion started
    /// from its reservation prints the reserved 18 as they are.
    @Test func requestedBlocks_addTheRevokeBlockExceptForAReservedStart() {
        var j = Journal(blockSize: 4096)
        let a = j.start(.dir, credits: 46, task: 1, at: 1)
        j.dirty(a, [.inodeTable(0), .inodeTable(1), .superblock, .inodeBitmap(0)])
        let stats = j.stop(a, at: 1)
        let b = j.start(.extConvert, credits: 18, fromReservation: true, task: 2, at: 2)
        #expect(stats?.requestedBlocks == 47 && stats?.dirtiedBlocks == 4)
        let reserved = j.stop(b, at: 2)
        #expect(reserved?.requestedBlocks == 18)
        #expect(j.handlesByType == [.dir: 1, .extConvert: 1] && j.creditsRequested == 64)
    }

    /// Two tasks' handles run at once: each block is charged to the handle that dirtied it
    /// first, whichever started last.
    @Test func concurrentHandles_chargeTheirOwnBlocks() {
        var j = Journal(blockSize: 4096)
        let writer = j.start(.writePage, credits: 30, task: 10, at: 1)
        let worker = j.start(.extConvert, credits: 18, fromReservation: true, task: 20, at: 2)
        j.dirty(writer, [.blockBitmap(0), .groupDescriptor(0)])
        j.dirty(worker, [.inodeTable(3), .blockBitmap(0)])
        #expect(j.current == [10: writer, 20: worker])
        let workerStats = j.stop(worker, at: 3), writerStats = j.stop(writer, at: 4)
        #expect(workerStats?.dirtied == [.inodeTable(3)])
        #expect(writerStats?.dirtied == [.blockBitmap(0), .groupDescriptor(0)])
        j.checkInvariants()
    }

    /// A start inside the task's running handle nests (jbd2 takes a reference): no new handle,
    /// its credits still counted as ext4 printed them, its blocks charged to the outer handle.
    @Test func nestedStart_chargesTheOuterHandle() {
        var j = Journal(blockSize: 4096)
        let outer = j.start(.truncate, credits: 30, task: 1, at: 1)
        let inner = j.start(.truncate, credits: 1, task: 1, at: 1)
        j.dirty(inner, [.blockBitmap(2)])
        let innerStats = j.stop(inner, at: 1), outerStats = j.stop(outer, at: 2)
        #expect(innerStats == nil, "a nested stop prints no jbd2_handle_stats")
        #expect(outerStats?.dirtied == [.blockBitmap(2)])
        #expect(j.handles == 1 && j.creditsRequested == 31)
    }

    /// dirtied_blocks counts the blocks new to the transaction; a new transaction starts over.
    @Test func dirtiedBlocks_countBlocksNewToTheTransaction() {
        var j = Journal(blockSize: 4096)
        let a = j.start(.writePage, credits: 30, task: 1, at: 1)
        j.dirty(a, [.inodeTable(0), .inodeTable(0), .extentNode(9)])
        j.stop(a, at: 1)
        let b = j.start(.inode, credits: 2, task: 1, at: 2)
        j.dirty(b, [.inodeTable(0)])
        j.stop(b, at: 2)
        j.commit(.fsync, at: 3)
        let c = j.start(.inode, credits: 2, task: 1, at: 4)
        j.dirty(c, [.inodeTable(0)])
        j.stop(c, at: 4)
        #expect(j.log.map(\.dirtiedBlocks) == [2, 0, 1])
        #expect(j.log.map(\.tid) == [2, 2, 3])
    }
}

/// The filesystem's journal helpers: commits at their own time, handles stopped before.
@Suite struct FilesystemJournalTests {
    static func filesystem() throws -> Filesystem {
        var fs = Filesystem(geometry: try Geometry.parse(dumpe2fs: try #require(Fixtures.capture("ext4-seq-write-4k").geometryText)),
                            options: MountOptions())
        fs.trace = []
        return fs
    }

    @Test func intervalCommit_happensAtStartPlusInterval() throws {
        var fs = try Self.filesystem()
        fs.withJournalHandle(.inode, credits: 2, ino: 12, caller: "ext4_dirty_inode", dirtying: [.inodeTable(0)],
                             ctx: OperationContext(pid: 1, timestampNs: 1_000_000_000))
        fs.advanceJournalClock(to: 5_999_999_999)
        #expect(fs.journal.commits.isEmpty)
        fs.advanceJournalClock(to: 9_000_000_000)
        #expect(fs.journal.commits.map(\.commitNs) == [6_000_000_000] && fs.journal.commits[0].reason == .interval)
        let drained = fs.drainTrace()
        let stats = drained.filter { $0.system == "jbd2" && $0.name != "jbd2_handle_start" && $0.name != "jbd2_handle_stats" }
        #expect(stats.map(\.name) == ["jbd2_start_commit", "jbd2_run_stats", "jbd2_end_commit"])
        #expect(stats.allSatisfy { $0.timestampNs == 6_000_000_000 })
        #expect(stats[1]["running"]?.uint == 5000 && stats[1]["blocks_logged"]?.uint == 3)
    }

    @Test func complete_commitsOnlyTheRunningTid() throws {
        var fs = try Self.filesystem()
        fs.withJournalHandle(.inode, credits: 2, ino: 12, caller: "ext4_dirty_inode", dirtying: [.inodeTable(0)],
                             ctx: OperationContext(pid: 1, timestampNs: 1))
        let old = fs.completeTransaction(tid: 1, reason: .fsync, at: 2)
        #expect(!old, "tid 1 is already committed")
        let running = fs.completeTransaction(tid: 2, reason: .fsync, at: 2)
        #expect(running)
    }

    /// A commit waits for running handles: they stop first, with what they dirtied.
    @Test func commit_stopsRunningHandlesFirst() throws {
        var fs = try Self.filesystem()
        let ctx = OperationContext(pid: 7, timestampNs: 10)
        let h = fs.journalStart(.writePage, credits: 31, ino: 12, caller: "ext4_write_begin", ctx: ctx)
        fs.handleDirtyMetadata(h, [.inodeTable(0)])
        fs.commitTransaction(.fsync, at: 20)
        let drained = fs.drainTrace()
        let names = drained.map(\.name)
        #expect(names == ["ext4_journal_start_inode", "jbd2_handle_start", "jbd2_handle_stats",
                          "jbd2_start_commit", "jbd2_run_stats", "jbd2_end_commit"])
        #expect(fs.journal.log[h].stopNs == 20 && fs.journal.current.isEmpty)
    }
}
