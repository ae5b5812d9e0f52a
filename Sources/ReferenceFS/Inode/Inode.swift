/// One ext4 inode as the model tracks it (`struct ext4_inode_info` + its `address_space`).
public struct Inode: Sendable, Equatable {
    public var number: UInt64
    /// `i_size` and `i_disksize` in bytes.
    public var sizeBytes: UInt64 = 0
    public var disksizeBytes: UInt64 = 0
    public var extents = ExtentTree()
    public var status = ExtentStatusTree()
    public var pages = PageCache()
    /// `i_sync_tid` / `i_datasync_tid`: the last transaction that changed the inode.
    public var syncTid: UInt64 = 0
    public var datasyncTid: UInt64 = 0
    /// Whether a writer holds it open (`inode_is_open_for_write`).
    public var isOpenForWrite = true
    /// `mapping->writeback_index`, in pages.
    public var writebackIndex: UInt64 = 0
    /// Blocks written under data=journal whose folio still waits for checkpoint writeback.
    public var journalledPages = BlockRanges()
    public var isEvicted = false
    /// What the iomap paths (`Paths/Iomap`) remember beyond this model: folio sizes, i_es_seq.
    public var iomap = IomapInodeState()

    public init(number: UInt64) { self.number = number }

    public func checkInvariants() {
        extents.checkInvariants()
        status.checkInvariants(against: extents)
        pages.checkInvariants()
        precondition(disksizeBytes <= max(sizeBytes, disksizeBytes), "disksize")
    }
}
