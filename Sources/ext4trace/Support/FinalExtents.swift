import Analyzer
import ReferenceFS
import TraceParser

/// The final on-disk extent trees `diff` compares (kind `final_extents`): the model's at the
/// end of its replay, and the kernel's as debugfs `ex` listed them after unmount.
enum FinalExtents {
    /// One fact per leaf extent of every file the model saw.
    static func facts(of result: ReplayResult) -> [Fact] {
        result.inodes.flatMap { inode in
            inode.extents.map { e in
                Fact.finalExtent(ino: inode.ino, lblk: UInt64(e.logicalBlock), len: UInt64(e.lengthBlocks),
                                 pblk: e.physicalBlock, unwritten: e.isUnwritten)
            }
        }
    }

    /// One fact per leaf extent of `extentsFile` (debugfs `ex` output, as `record` writes
    /// extents.txt), each at its line; nil when the file is absent and not `required`.
    static func facts(extentsFile: String, required: Bool) throws -> [Fact]? {
        guard let text = CaptureDirectory.readText(extentsFile) else {
            if required { throw CommandFailure("\(extentsFile): cannot read the final extents (debugfs ex output)") }
            return nil
        }
        return try GroundTruth.parseExtentLeaves(text, file: extentsFile).compactMap { leaf in
            leaf.extent.map { e in
                Fact.finalExtent(ino: leaf.ino, lblk: UInt64(e.logicalBlock), len: UInt64(e.lengthBlocks),
                                 pblk: e.physicalBlock, unwritten: e.isUnwritten, position: .line(leaf.line))
            }
        }
    }
}
