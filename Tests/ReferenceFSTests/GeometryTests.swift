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

    /// 7.3's captures use a one-group bigalloc filesystem (fixtures/iomap/bigalloc-*): mke2fs
    /// puts the inode bitmap 16 blocks after the block bitmap (the kernel reads it at block 33),
    /// leaving holes that the root directory (block 20 in the capture's `ext4_es_cache_extent`)
    /// and the journal fill, so the first free cluster is 1546 (`ext4_mballoc_alloc ... result
    /// 0/1546/64`).
    @Test func freshLayout_oneGroupBigalloc_fillsTheFlexgroupHolesLikeMke2fs() throws {
        let g = try Fixtures.geometry("iomap/bigalloc-seq-write-4k/bh")
        #expect(g.groupCount == 1 && g.clusterRatio == 4)
        let allocator = Mballoc(geometry: g)
        #expect(allocator.freeBlocks == g.freeBlocks)
        #expect(g.rootDirectoryBlock == 20)
        #expect(allocator.isUsed(33) && allocator.isUsed(6183) && !allocator.isUsed(6184))
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
    @Test func rootDirectory_onAOneGroupBigallocFilesystem_followsTheInodeTable() throws {
        let g = try Fixtures.geometry("ext4-bigalloc64k-seq-write-4k")
        #expect(g.groupCount == 1 && g.clusterRatio == 16)
        #expect(g.rootDirectoryBlock == 2112)
        let allocator = Mballoc(geometry: g)
        #expect(allocator.freeBlocks == g.freeBlocks)
        #expect(allocator.isUsed(17) && allocator.isUsed(33) && allocator.isUsed(2096))
        allocator.checkInvariants()
    }

    /// 6.18 prints 30 writeback credits on one group (64 KiB clusters) as on sixteen, 22 on four:
    /// `ext4_meta_trans_blocks` compares the descriptor count after clamping the groups, so one
    /// group is charged 1 bitmap and 12 descriptor blocks.
    @Test func metaTransBlocks_chargeTwelveDescriptorBlocksOnOneGroup() throws {
        #expect(Credits.writepages(try Fixtures.geometry("ext4-bigalloc64k-seq-write-4k")) == 30)
        #expect(Credits.writepages(try Fixtures.geometry("ext4-bigalloc-seq-write-4k")) == 22)
        #expect(Credits.writepages(try Fixtures.geometry("ext4-append-fsync")) == 30)
    }
}
