import Testing
import TraceParser
@testable import ReferenceFS

/// A capture without geometry.txt still shows the block size and where mkfs put the journal;
/// on every corpus capture they give back what its real `dumpe2fs -h` says.
@Suite struct GeometryHintTests {
    static let ext4Captures = ["ext4-1kblock-seq-write-4k", "ext4-append-fsync", "ext4-bigalloc-random-write",
                               "ext4-bigalloc-seq-write-4k", "ext4-dio-write", "ext4-falloc-overwrite",
                               "ext4-journal-seq-write-4k", "ext4-many-small-files", "ext4-nodelalloc-random-write",
                               "ext4-punch-zero", "ext4-random-write", "ext4-seq-write-1m", "ext4-truncate"]

    static func hint(_ capture: String, keeping keep: (TraceEvent) -> Bool = { _ in true }) throws -> GeometryHint {
        var hint = GeometryHint()
        for e in try Fixtures.events(capture) where keep(e) { hint.observe(e) }
        return hint
    }

    @Test(arguments: ext4Captures)
    func blockSizeAndSize_areTheRealFilesystems(capture: String) throws {
        let real = try Fixtures.geometry(capture)
        let hint = try Self.hint(capture)
        #expect(hint.blockSize == real.blockSize)
        let size = hint.sizeInBytes(blockSize: real.blockSize, clusterRatio: Int(real.clusterRatio))
        #expect(size == real.blocksCount * UInt64(real.blockSize), "blocks \(real.blocksCount)")
    }

    /// Without block events the block size still follows from buffered writes: the byte `pos`
    /// of `ext4_da_write_begin` and the `lblk` the same task looks up next.
    @Test(arguments: ["ext4-1kblock-seq-write-4k", "ext4-seq-write-4k", "ext4-random-write", "ext4-bigalloc-seq-write-4k"])
    func blockSize_followsFromWritesAlone(capture: String) throws {
        let hint = try Self.hint(capture) { $0.system != "block" }
        #expect(hint.lowestJournalSector == nil)
        #expect(hint.blockSize == (try Fixtures.geometry(capture)).blockSize)
        #expect(!hint.blockSizeVotes.isEmpty)
    }

    @Test func nothingToGoOn_givesNoSizeAndNoBlockSize() {
        let hint = GeometryHint()
        #expect(hint.blockSize == nil)
        #expect(hint.sizeInBytes(blockSize: 4096) == nil)
    }
}
