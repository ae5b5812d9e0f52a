/// Where and when an operation was asked: the task that asked, on which CPU, at what time.
public struct OperationContext: Sendable, Equatable {
    public var timestampNs: UInt64
    public var cpu: Int
    public var pid: Int
    public var comm: String

    public init(timestampNs: UInt64, cpu: Int, pid: Int, comm: String) {
        self.timestampNs = timestampNs
        self.cpu = cpu
        self.pid = pid
        self.comm = comm
    }
}

/// An inode on a device: `"7:1"` and the inode number.
public struct InodeKey: Sendable, Hashable, Comparable {
    public var dev: String
    public var ino: UInt64

    public init(dev: String, ino: UInt64) {
        self.dev = dev
        self.ino = ino
    }

    public static func < (a: InodeKey, b: InodeKey) -> Bool { (a.dev, a.ino) < (b.dev, b.ino) }
}

/// What the workload and the VFS asked of ext4, as the iomap paths consume it: nothing here is a
/// kernel decision (no mapping, allocation, handle or commit).
public enum SeriesOperation: Sendable, Equatable {
    /// One write(2): `ext4_buffered_write_iter` over `[pos, pos+length)`.
    case write(InodeKey, pos: UInt64, length: UInt64, OperationContext)
    /// A page fault that dirties the folio at `pos` (`ext4_page_mkwrite`).
    case mmapWrite(InodeKey, pos: UInt64, OperationContext)
    /// `->writepages` with the writeback_control the VFS passed (`ext4_writepages` request).
    case writepages(InodeKey, rangeStart: UInt64, rangeEnd: UInt64, syncMode: Int, OperationContext)
    /// fsync/fdatasync entered `ext4_sync_file`.
    case fsync(InodeKey, datasync: Bool, OperationContext)
    /// ftruncate to `size`.
    case truncate(InodeKey, size: UInt64, OperationContext)
    /// `ext4_punch_hole` or `ext4_zero_range` over `[offset, offset+length)`.
    case punchOrZero(InodeKey, offset: UInt64, length: UInt64, OperationContext)
    /// The inode was evicted (`ext4_evict_inode`).
    case evict(InodeKey, OperationContext)
    /// `ext4_sync_fs` (sync(2), unmount).
    case syncFS(dev: String, OperationContext)

    public var context: OperationContext {
        switch self {
        case .write(_, _, _, let c), .mmapWrite(_, _, let c), .writepages(_, _, _, _, let c),
             .fsync(_, _, let c), .truncate(_, _, let c), .punchOrZero(_, _, _, let c),
             .evict(_, let c), .syncFS(_, let c):
            return c
        }
    }
}
