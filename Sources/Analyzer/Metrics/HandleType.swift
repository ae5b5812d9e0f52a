/// ext4's journal handle types (`EXT4_HT_*` in fs/ext4/ext4_jbd2.h), as `type` in
/// `jbd2_handle_start` / `jbd2_handle_stats` and `ext4_journal_start_*`.
public enum HandleType {
    static let names = ["MISC", "INODE", "WRITE_PAGE", "MAP_BLOCKS", "DIR", "TRUNCATE", "QUOTA",
                        "RESIZE", "MIGRATE", "MOVE_EXTENTS", "XATTR", "EXT_CONVERT"]

    /// `3` → `"MAP_BLOCKS"`; unknown types print as their number.
    public static func name(_ type: Int) -> String {
        type >= 0 && type < names.count ? names[type] : "type \(type)"
    }

    /// `EXT4_HT_EXT_CONVERT`: the reserved handle that converts unwritten extents at I/O end.
    public static let extConvert = 11
}

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
