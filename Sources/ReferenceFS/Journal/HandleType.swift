/// The handle types ext4 passes to `ext4_journal_start` (`EXT4_HT_*` in fs/ext4/ext4_jbd2.h),
/// printed as `type` by `ext4_journal_start_*` and `jbd2_handle_stats`.
public enum HandleType: Int, Sendable, CaseIterable, Comparable {
    case misc = 0
    case inode = 1
    case writePage = 2
    case mapBlocks = 3
    case dir = 4
    case truncate = 5
    case quota = 6
    case resize = 7
    case migrate = 8
    case moveExtents = 9
    case xattr = 10
    case extConvert = 11

    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
}

/// A metadata block a handle dirties (`ext4_handle_dirty_metadata`); a transaction logs each
/// once, however many handles touch it.
public enum MetadataBlock: Hashable, Sendable {
    case superblock
    case groupDescriptor(UInt64)
    case blockBitmap(UInt64)
    case inodeBitmap(UInt64)
    /// The inode-table block holding an inode.
    case inodeTable(UInt64)
    case directory(UInt64)
    case extentNode(UInt64)
    /// A data block journalled under data=journal.
    case journalledData(inode: UInt64, block: UInt64)
}

/// One started handle, as `ext4_journal_start_*` asked for it.
public struct Handle: Sendable, Equatable {
    public var type: HandleType
    /// Credits asked (`blocks`) and reserved for a later reserved handle (`rsv_blocks`).
    public var credits: Int
    public var reservedCredits: Int
    public var timestampNs: UInt64
}
