/// What the analyzer needs from a filesystem's superblock: its block size and where its
/// journal (ext4) or log (XFS) lies, read from a capture's `geometry.txt` (`dumpe2fs -h` or
/// `xfs_db -c sb -c print`).
public struct FilesystemGeometry: Sendable, Equatable {
    public enum Kind: String, Sendable { case ext4, xfs }

    public var kind: Kind
    public var blockSize: UInt64
    /// Journal (log) length in filesystem blocks.
    public var journalBlocks: UInt64?
    /// Where the journal starts, in 512-byte sectors. XFS states it (`logstart`); for ext4 the
    /// journal is inode 8, whose first block the analyzer learns from the trace (the write that
    /// follows `jbd2_write_superblock`).
    public var journalStartSector: UInt64?

    public init(kind: Kind, blockSize: UInt64, journalBlocks: UInt64? = nil, journalStartSector: UInt64? = nil) {
        self.kind = kind
        self.blockSize = blockSize
        self.journalBlocks = journalBlocks
        self.journalStartSector = journalStartSector
    }

    public var sectorsPerBlock: UInt64 { max(1, blockSize / 512) }
}
