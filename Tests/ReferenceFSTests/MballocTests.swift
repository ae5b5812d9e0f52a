import Testing
@testable import ReferenceFS

@Suite struct MballocTests {
    let geometry = Geometry()

    func request(_ lblk: UInt64, _ len: UInt64, size: UInt64, cpu: Int = 0, goal: UInt64 = 32768,
                 left: (logical: UInt64, physical: UInt64)? = nil) -> AllocationRequest {
        AllocationRequest(inode: 12, logicalBlock: lblk, lengthBlocks: len, goal: goal, left: left,
                          cpu: cpu, inodeSizeBytes: size)
    }

    /// Small files share the writeback CPU's 512-block locality-group preallocation.
    @Test func smallFiles_useTheCPUsLocalityGroup() throws {
        var m = Mballoc(geometry: try Fixtures.geometry("ext4-append-fsync"))
        let a = m.newBlocks(request(0, 1, size: 4096, cpu: 0))
        let b = m.newBlocks(AllocationRequest(inode: 13, logicalBlock: 0, lengthBlocks: 1, goal: 32768, cpu: 0, inodeSizeBytes: 4096))
        let c = m.newBlocks(AllocationRequest(inode: 14, logicalBlock: 0, lengthBlocks: 1, goal: 32768, cpu: 1, inodeSizeBytes: 4096))
        #expect(a?.physicalBlock == 33280)
        #expect(b?.physicalBlock == 33281, "same CPU: next block of the same group PA")
        #expect(c?.physicalBlock == 33792, "other CPU: its own group PA")
        m.checkInvariants()
    }

    /// A 1024-block request in a 4 MiB file is normalised to an aligned 2 MiB window: only 512
    /// blocks come back (ext4-seq-write-64k maps its 4 MiB in two writeback rounds).
    @Test func normalize_capsA4MiBFileAt2MiBWindows() {
        let m = Mballoc(geometry: geometry)
        let w = m.normalize(request(0, 1024, size: 4 << 20))
        #expect(w.window.start == 0 && w.window.clusters == 512)
        let w2 = m.normalize(request(512, 512, size: 4 << 20, left: (511, 33791)))
        #expect(w2.window.start == 512 && w2.window.clusters == 512)
        #expect(w2.mergeGoal == 33792, "aim right after pleft")
    }

    /// fallocate's NO_NORMALIZE (HINT_NOPREALLOC) skips that window: `falloc 0 4m` on 6.18 is
    /// one 1024-block allocation, on a 1024-block boundary (ext4-falloc-overwrite-4m: 33792).
    @Test func noPreallocation_allocatesExactlyTheRequest() throws {
        var m = Mballoc(geometry: try Fixtures.geometry("ext4-falloc-overwrite-4m"))
        var r = request(0, 1024, size: 0)
        r.noPreallocation = true
        let got = m.newBlocks(r)
        #expect(got?.lengthBlocks == 1024)
        #expect(got.map { $0.physicalBlock % 1024 } == 0)
        m.checkInvariants()
    }

    @Test func normalize_givesA16MiBFile8MiBWindows() {
        let w = Mballoc(geometry: geometry).normalize(request(0, 2048, size: 16 << 20))
        #expect(w.window.clusters == 2048)
    }

    @Test func streamAllocation_takesTheFirstMaximalBuddyInGroupOne() throws {
        var m = Mballoc(geometry: try Fixtures.geometry("ext4-append-fsync"))
        let a = m.newBlocks(request(0, 2048, size: 16 << 20))
        #expect(a == AllocatedRange(physicalBlock: 34816, lengthBlocks: 2048))
        m.checkInvariants()
    }

    @Test func discardPreallocations_freesWhatWasNotHandedOut() throws {
        var m = Mballoc(geometry: try Fixtures.geometry("ext4-append-fsync"))
        let before = m.freeBlocks
        _ = m.newBlocks(request(1, 2, size: 1_060_864))
        #expect(m.freeBlocks == before - 512, "the whole inode PA is set aside")
        m.discardPreallocations(inode: 12)
        #expect(m.freeBlocks == before - 2)
        m.checkInvariants()
    }
}
