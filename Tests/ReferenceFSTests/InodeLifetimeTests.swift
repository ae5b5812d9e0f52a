import Testing
@testable import ReferenceFS

/// Creating, writing back, unlinking and evicting a file on the model directly.
@Suite struct InodeLifetimeTests {
    @Test func unlinkThenEvict_freesEveryBlockInOneTruncateHandle() throws {
        var fs = Filesystem(geometry: try Fixtures.geometry("ext4-append-fsync"), options: MountOptions())
        let path = BufferHeadPath()
        let ctx = OperationContext(cpu: 0, pid: 100, timestampNs: 1)
        let free = fs.allocator.freeBlocks
        fs.createInode(12, ctx: ctx)
        for k: UInt64 in 0..<64 {
            path.writeBegin(&fs, ino: 12, pos: k * 4096, len: 4096, ctx: ctx)
            path.writeEnd(&fs, ino: 12, pos: k * 4096, copied: 4096, ctx: ctx)
            fs.checkInvariants()
        }
        path.writepages(&fs, ino: 12, request: WritebackRequest(), ctx: ctx)
        fs.checkInvariants()
        // A 256 KiB file streams: a 64-block window, first maximal 64-block buddy of group 1
        // (the kernel put ext4-mmap-write's 256 KiB file there too: `result 1/320/64`).
        #expect(fs[12].extents.extents == [Extent(logicalBlock: 0, lengthBlocks: 64, physicalBlock: 33088, isUnwritten: false)])
        fs.unlink(12, dir: 2, ctx: ctx)
        fs.evictInode(12, nlink: 0, ctx: ctx)
        fs.checkInvariants()
        #expect(fs[12].extents.isEmpty)
        #expect(fs.allocator.freeBlocks == free - 64, "the data blocks stay busy until the truncate's transaction commits")
        fs.commitTransaction(.fsync, at: 2)
        fs.checkInvariants()
        #expect(fs.allocator.freeBlocks == free, "data blocks and the unused preallocation are free again")
        #expect(fs.journal.handlesByType[.truncate] == 1)
        #expect(fs.journal.handlesByType[.dir] == 2, "create and unlink")
    }
}
