import TraceParser

/// One data write in flight: the blocks a writeback pass submitted for one inode, from its
/// submission (`ext4_writepages`) to the completion the crash explorer gives it.
///
/// The model submits and completes writeback at once (`PageCache`); the explorer keeps the
/// write in flight until `completeNs` (`CrashExplorer.completionNs`), and keeps the metadata
/// changes the path makes at completion out of any commit in between.
public struct DataWrite: Sendable, Equatable {
    public var ino: UInt64
    /// Logical blocks written, and where they went (`Extent`s of the mapping at submission).
    public var mapped: [Extent]
    /// Logical blocks this pass allocated (no extent before it) and those it wrote into an
    /// unwritten extent: both written only once the completion work runs.
    public var allocated: BlockRanges
    public var wereUnwritten: BlockRanges
    /// `i_disksize` before the pass, for paths that move it at completion.
    public var disksizeBefore: UInt64
    public var submitNs: UInt64
    public var completeNs: UInt64
    public var submitLocation: SourceLocation
    /// The task that waits for it (`WB_SYNC_ALL`: fsync, sync), if any.
    public var waiter: Int?

    /// The blocks as `first-last` ranges, for reports.
    public var blocksText: String { CrashViolation.rangesText(mapped.map { UInt64($0.logicalBlock)..<$0.logicalEnd }) }
}
