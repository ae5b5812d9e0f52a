import Testing
import TraceParser
@testable import ReferenceFS

/// What the model does on real captures, checked at the point it happens.
@Suite struct ReplayBehaviourTests {
    /// dioread_nolock (default) allocates unwritten extents at writeback and converts them in a
    /// type-11 handle at I/O end; dioread_lock allocates written extents and never converts.
    @Test func writeback_unwrittenUnderDioreadNolockOnly() throws {
        var nolock = try Fixtures.replay("ext4-append-fsync")
        var lock = try Fixtures.replay("ext4-dioread_lock-append-fsync")
        let a = nolock.finish(), b = lock.finish()
        #expect(a.handlesByType[.extConvert] == 9 && a.counters.unwrittenConversions == 9)
        #expect(b.handlesByType[.extConvert] == nil && b.counters.unwrittenConversions == 0)
        #expect(a.inodes[0].extents.allSatisfy { !$0.isUnwritten })
    }

    /// Delalloc writes only reserve: no block is mapped until writeback.
    @Test func delallocWrite_reservesWithoutMapping() throws {
        let r = try Fixtures.replay("ext4-seq-write-4k", until: { $0.name == "ext4_sync_file_enter" })
        let inode = r.fs[12]
        #expect(inode.extents.isEmpty)
        #expect(inode.status.delayed.count == 256)
        #expect(inode.pages.dirty.count == 256)
        #expect(inode.sizeBytes == 1 << 20 && inode.disksizeBytes == 0)
    }

    /// Writeback maps one extent per handle: 4 MiB at 64 KiB needs two 512-block rounds.
    @Test func writeback_mapsOneExtentPerHandle() throws {
        var r = try Fixtures.replay("ext4-seq-write-64k")
        let res = r.finish()
        #expect(res.handlesByType[.writePage] == 2)
        #expect(res.counters.writebackMapCalls == 2)
        #expect(res.inodes[0].extents == [Extent(logicalBlock: 0, lengthBlocks: 1024, physicalBlock: 33280, isUnwritten: false)])
    }

    /// Truncating to a size inside a block zeroes that block's tail in the page cache: the
    /// folio is dirty again (the kernel's jbd2 then writes range 10000-12287 back).
    @Test func truncateDown_dirtiesThePartialBlockAndFreesTheRest() throws {
        var sawTruncate = false
        let r = try Fixtures.replay("ext4-truncate", until: { e in
            if e.name == "ext4_truncate_exit" { sawTruncate = true; return false }
            return sawTruncate
        })
        let inode = r.fs[12]
        #expect(inode.sizeBytes == 10000 && inode.disksizeBytes == 10000)
        #expect(inode.pages.dirty.contains(2))
        #expect(inode.extents.extents.map(\.logicalEnd).max() == 3, "blocks 3…9 are gone")
    }

    /// fallocate leaves unwritten extents; overwriting parts converts exactly those parts.
    @Test func fallocate_thenOverwrite_splitsTheUnwrittenExtent() throws {
        var r = try Fixtures.replay("ext4-falloc-overwrite")
        let extents = r.finish().inodes[0].extents
        #expect(extents.count == 8)
        #expect(extents[1] == Extent(logicalBlock: 1, lengthBlocks: 15, physicalBlock: 33281, isUnwritten: true))
        #expect(r.fs[12].extents.depth == 1, "eight extents outgrow the inode: one leaf block")
    }

    /// A CPU's locality-group preallocation serves every small file written back on it.
    @Test func manySmallFiles_shareTheWritebackCPUsPreallocation() throws {
        var r = try Fixtures.replay("ext4-many-small-files")
        let res = r.finish()
        #expect(res.inodes.count == 24)
        let truth = try GroundTruth.parseExtents(CaptureDirectory.readText(Fixtures.capture("ext4-many-small-files").extentsPath) ?? "")
        for i in res.inodes { #expect(i.extents == truth[i.ino], "inode \(i.ino)") }
    }
}
