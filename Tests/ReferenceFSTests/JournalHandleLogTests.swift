import Testing
@testable import ReferenceFS

/// The journal's handle log: what `jbd2_handle_stats` would print for each handle.
@Suite struct JournalHandleLogTests {
    /// ext4-falloc-overwrite: `ext4_journal_start_sb: blocks 46, revoke_creds 8`
    /// → (line 39) `jbd2_handle_stats: ... requested_blocks 47 dirtied_blocks 4`; a conversion started
    /// from its reservation prints the reserved 18 as they are.
    @Test func requestedBlocks_addTheRevokeBlockExceptForAReservedStart() {
        var j = Journal(blockSize: 4096)
        j.handleLog = []
        j.handle(.dir, credits: 46, dirtying: [.inodeTable(0), .inodeTable(1), .superblock], at: 1)
        j.handle(.extConvert, credits: 18, fromReservation: true, dirtying: [.inodeTable(0)], at: 2)
        #expect(j.handleLog?.map(\.requestedBlocks) == [47, 18])
        #expect(j.handleLog?.map(\.type) == [.dir, .extConvert])
    }

    /// dirtied_blocks counts the blocks a handle is first to add to the running transaction,
    /// including those dirtied after it started (`Journal.dirty`); a new transaction starts
    /// the count over.
    @Test func dirtiedBlocks_countBlocksNewToTheTransaction() {
        var j = Journal(blockSize: 4096)
        j.handleLog = []
        j.handle(.writePage, credits: 30, dirtying: [.inodeTable(0), .inodeTable(0)], at: 1)
        j.dirty([.extentNode(9), .inodeTable(0)])
        j.handle(.inode, credits: 2, dirtying: [.inodeTable(0)], at: 2)
        j.commit(.fsync, at: 3)
        j.handle(.inode, credits: 2, dirtying: [.inodeTable(0)], at: 4)
        #expect(j.handleLog?.map(\.dirtiedBlocks) == [2, 0, 1])
        #expect(j.handleLog?.map(\.tid) == [2, 2, 3])
    }

    @Test func withoutALog_nothingIsKept() {
        var j = Journal(blockSize: 4096)
        j.handle(.inode, credits: 2, dirtying: [.inodeTable(0)], at: 1)
        #expect(j.handleLog == nil)
    }
}
