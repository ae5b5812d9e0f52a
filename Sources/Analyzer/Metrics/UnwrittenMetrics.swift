/// Unwritten-extent conversions of one inode.
public struct UnwrittenMetrics: Sendable, Equatable {
    /// `ext4_ext_handle_unwritten_extents` calls.
    public var handleUnwrittenCalls = 0
    /// Of those, conversions to written (`flags` holds `CONVERT`), and the blocks they covered.
    public var conversions = 0
    public var convertedBlocks: UInt64 = 0

    public init() {}

    mutating func merge(_ o: UnwrittenMetrics) {
        handleUnwrittenCalls += o.handleUnwrittenCalls
        conversions += o.conversions
        convertedBlocks &+= o.convertedBlocks
    }
}
