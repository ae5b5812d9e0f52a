/// Handles of one type for one inode.
public struct HandleCounts: Sendable, Equatable {
    public var handles = 0
    /// Credits asked for (`requested_blocks` of `jbd2_handle_stats`).
    public var requestedBlocks: Int64 = 0
    /// Buffers the handle dirtied (`dirtied_blocks`; signed: the kernel logs -1 for a handle
    /// that gave back more credits than it used, as in the bench capture).
    public var dirtiedBlocks: Int64 = 0

    public init() {}

    mutating func merge(_ o: HandleCounts) {
        handles += o.handles
        requestedBlocks &+= o.requestedBlocks
        dirtiedBlocks &+= o.dirtiedBlocks
    }
}
