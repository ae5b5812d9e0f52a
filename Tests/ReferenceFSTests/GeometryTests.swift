import Testing
@testable import ReferenceFS

@Suite struct GeometryTests {
    @Test func parse_readsTheDefaultFilesystem() throws {
        let g = try Fixtures.geometry("ext4-append-fsync")
        #expect(g.blockSize == 4096)
        #expect(g.blocksPerGroup == 32768)
        #expect(g.groupCount == 16)
        #expect(g.flexGroupSize == 16)
        #expect(g.clusterRatio == 1)
        #expect(g.journalBlocks == 16384)
        #expect(g.features.contains("metadata_csum"))
    }

    @Test func parse_readsBigallocAnd1KiBBlocks() throws {
        let big = try Fixtures.geometry("ext4-bigalloc-seq-write-4k")
        #expect(big.clusterRatio == 4)
        let small = try Fixtures.geometry("ext4-1kblock-seq-write-4k")
        #expect(small.blockSize == 1024 && small.firstDataBlock == 1 && small.groupCount == 256)
    }

    @Test func parse_rejectsTextThatIsNotDumpe2fs() {
        #expect(throws: ModelError.self) { try Geometry.parse(dumpe2fs: "Block size: many\n") }
    }

    /// The fresh layout uses exactly the blocks dumpe2fs says are not free.
    @Test(arguments: ["ext4-append-fsync", "ext4-1kblock-seq-write-4k", "ext4-bigalloc-seq-write-4k",
                      "ext4-bigalloc64k-seq-write-4k"])
    func freshLayout_accountsForEveryUsedBlock(capture: String) throws {
        let g = try Fixtures.geometry(capture)
        let allocator = Mballoc(geometry: g)
        #expect(allocator.freeBlocks == g.freeBlocks)
        allocator.checkInvariants()
    }

    @Test func freshLayout_leavesGroupOneFreeAfterItsBackup() throws {
        let g = try Fixtures.geometry("ext4-append-fsync")
        let allocator = Mballoc(geometry: g)
        #expect(allocator.isUsed(33024))
        #expect(!allocator.isUsed(33025))
        #expect(allocator.isUsed(8486) && !allocator.isUsed(8487), "root and lost+found after group 0's tables")
    }

    /// mke2fs on a one-group filesystem (2 GiB, 64 KiB clusters): bitmaps at 17 and 33 (16
    /// apart), inode table 49–2096, root directory at the next cluster, 2112 (6.18 capture
    /// ext4-bigalloc64k-seq-write-4k reads it there; dumpe2fs of the same mkfs agrees).
    @Test func rootDirectory_onAOneGroupBigallocFilesystem_followsTheFlexTableOffset() throws {
        let g = try Fixtures.geometry("ext4-bigalloc64k-seq-write-4k")
        #expect(g.groupCount == 1 && g.clusterRatio == 16)
        #expect(g.flexTableOffset(firstGroup: 0) == 16)
        #expect(g.rootDirectoryBlock == 2112)
        #expect(try Fixtures.geometry("ext4-append-fsync").flexTableOffset(firstGroup: 0) == 16)
        #expect(try Fixtures.geometry("ext4-bigalloc-seq-write-4k").flexTableOffset(firstGroup: 0) == 4)
    }

    /// 6.18 prints 30 writeback credits on one group (64 KiB clusters) as on sixteen, 22 on four.
    @Test func metaTransBlocks_clampTheBitmapsOnlyWithSeveralGroups() throws {
        #expect(Credits.writepages(try Fixtures.geometry("ext4-bigalloc64k-seq-write-4k")) == 30)
        #expect(Credits.writepages(try Fixtures.geometry("ext4-bigalloc-seq-write-4k")) == 22)
        #expect(Credits.writepages(try Fixtures.geometry("ext4-append-fsync")) == 30)
    }
}
