import TraceParser

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
