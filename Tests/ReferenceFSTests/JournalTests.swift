import Testing
@testable import ReferenceFS

@Suite struct JournalTests {
    /// A commit logs each metadata block once, one descriptor block and the commit block
    /// (jbd2_run_stats `blocks 3 blocks_logged 5` for an append + fsync).
    @Test func commit_logsDistinctBlocksPlusDescriptorAndCommitBlock() {
        var j = Journal(blockSize: 4096)
        j.handle(.writePage, credits: 30, dirtying: [.inodeTable(0), .blockBitmap(1), .groupDescriptor(0)], at: 1)
        j.handle(.extConvert, credits: 18, dirtying: [.inodeTable(0)], at: 2)
        let committed = j.commit(.fsync, at: 3)
        #expect(committed)
        #expect(j.commits.last == Journal.Commit(tid: 2, handles: 2, blocks: 3, blocksLogged: 5, reason: .fsync))
        let again = j.commit(.sync, at: 4)
        #expect(!again, "an empty transaction does not commit")
        j.checkInvariants()
    }

    @Test func commitInterval_commitsAnOldTransaction() {
        var j = Journal(blockSize: 4096)
        j.handle(.inode, credits: 2, dirtying: [.inodeTable(0)], at: 1_000_000_000)
        j.advanceClock(to: 5_999_999_999)
        #expect(j.commits.isEmpty)
        j.advanceClock(to: 6_000_000_000)
        #expect(j.commits.count == 1 && j.commits[0].reason == .interval)
    }

    @Test func complete_commitsOnlyTheRunningTid() {
        var j = Journal(blockSize: 4096)
        j.handle(.inode, credits: 2, dirtying: [.inodeTable(0)], at: 1)
        let old = j.complete(tid: 1, reason: .fsync, at: 2)
        #expect(!old, "tid 1 is already committed")
        let running = j.complete(tid: 2, reason: .fsync, at: 2)
        #expect(running)
    }
}
