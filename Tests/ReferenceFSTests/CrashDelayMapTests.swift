import TestSupport
import Testing
import TraceParser
@testable import ReferenceFS

/// The delay-map model on files whose extents were unwritten before the data write — fallocated
/// space, and the non-delalloc write path's unwritten allocations. The proposal changes how
/// *new* delayed blocks are entered (written, at completion); an extent that already carries
/// the unwritten flag is still converted when the write over it completes, as
/// `ext4_iomap_finish_ioend` does in the series. Before that was modelled, `crash --model
/// delaymap` reported lost_fsync on these captures (the files ended fully unwritten).
@Suite struct CrashDelayMapTests {
    /// Real captures with unwritten extents under overwrite: 6.18 (buffer_head kernel) and the
    /// series' 7.3-rc7 kernel (`buffered_iomap`).
    static let captures = [
        "ext4-falloc-overwrite", "ext4-nodelalloc-random-write", "ext4-nodelalloc-seq-write-4k",
        "iomap/falloc-write/iomap", "iomap/nodelalloc-random-write/iomap", "iomap/nodelalloc-seq-write-4k/iomap",
    ]

    /// Logical blocks mapped written and unwritten, per inode.
    static func writtenness(_ extents: [Extent]) -> (written: BlockRanges, unwritten: BlockRanges) {
        var written = BlockRanges(), unwritten = BlockRanges()
        for e in extents {
            let r = UInt64(e.logicalBlock)..<e.logicalEnd
            if e.isUnwritten { unwritten.insert(r) } else { written.insert(r) }
        }
        return (written, unwritten)
    }

    /// Every fsync's data survives every crash point of the delay-map model, and the replay
    /// ends with the kernel's own final tree as to which blocks are written (debugfs `ex`
    /// after unmount, extents.txt): the blocks the workload overwrote are written, the rest
    /// of the fallocated space unwritten.
    @Test(arguments: captures)
    func overwriteOfUnwritten_convertsAtCompletion_noLostFsync(capture: String) throws {
        let x = try CrashExplorerTests.explore(capture, path: "delaymap")
        #expect(x.counts[.lostFsync] == nil && x.pessimisticCounts[.lostFsync] == nil, "\(x.violations.first?.explanation ?? "")")
        #expect(x.counts[.staleData] == nil)
        #expect(x.replayer.fs.counters.unwrittenConversions > 0)
        let truth = try GroundTruth.parseExtents(CaptureDirectory.readText(Fixtures.capture(capture).extentsPath) ?? "")
        #expect(!truth.isEmpty)
        for (ino, kernel) in truth {
            let model = Self.writtenness(x.replayer.fs.inodes[ino]?.extents.extents ?? [])
            let want = Self.writtenness(kernel)
            #expect(model.written == want.written, "inode \(ino): written \(model.written.ranges) vs kernel \(want.written.ranges)")
            #expect(model.unwritten == want.unwritten, "inode \(ino): unwritten \(model.unwritten.ranges) vs kernel \(want.unwritten.ranges)")
        }
    }
}
