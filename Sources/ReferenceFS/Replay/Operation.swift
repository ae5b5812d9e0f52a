/// What the workload or the VFS asked of ext4, decoded from one allowed trace event. The model
/// replays these; it never sees what ext4 decided.
public enum Operation: Sendable, Equatable {
    /// `ext4_allocate_inode`: a file was created in a directory.
    case createInode(ino: UInt64)
    /// `writeback_dirty_inode_start` with `I_DIRTY_SYNC`/`I_DIRTY_DATASYNC`: the VFS marks the
    /// inode dirty (`ext4_dirty_inode`), e.g. for a timestamp.
    case dirtyInode(ino: UInt64)
    /// One buffered write(2): `count` bytes at `pos` of `ino`, whichever path the capture ran.
    /// From a buffer_head capture: the `pwrite64` syscall's range, bound to its inode by the
    /// first `ext4_da_write_begin`/`ext4_write_begin` (`folioEventsFollow`: the per-folio
    /// begin/end events follow and a buffer_head model replays those instead). From an iomap
    /// capture: the first `iomap_iter` of `iomap_file_buffered_write` (inode, position) with
    /// the syscall's count.
    case bufferedWrite(ino: UInt64, pos: UInt64, count: UInt64, folioEventsFollow: Bool)
    /// A write fault on a shared mapping: `pos..<pos+length` (a folio) is dirtied through
    /// `->page_mkwrite`. Only an iomap capture shows it (the first `iomap_iter` of
    /// `iomap_page_mkwrite`); `ext4_page_mkwrite` has no tracepoint.
    case pageMkwrite(ino: UInt64, pos: UInt64, length: UInt64)
    /// `ext4_da_write_begin` / `ext4_write_begin`.
    case writeBegin(ino: UInt64, pos: UInt64, len: UInt64)
    /// `ext4_da_write_end` / `ext4_write_end` / `ext4_journalled_write_end`.
    case writeEnd(ino: UInt64, pos: UInt64, len: UInt64, copied: UInt64)
    /// `ext4_writepages`: the writeback request.
    case writepages(ino: UInt64, request: WritebackRequest)
    /// `ext4_sync_file_enter` / `_exit`.
    case syncFileEnter(ino: UInt64, datasync: Bool)
    case syncFileExit(ino: UInt64)
    /// `ext4_sync_fs`.
    case syncFilesystem(wait: Bool)
    /// `ftruncate`/`truncate` to `size` (the syscall's length, bound to the inode).
    case setSize(ino: UInt64, size: UInt64)
    /// A file syscall (pread, pwrite, fsync, ftruncate, fallocate, msync): some file is open,
    /// so the first one after a mount means `ext4_file_open` ran. Syscall events carry no
    /// device, so this is a heuristic: the first file syscall of any process after a mount.
    case fileSyscall
    /// `ext4_truncate_enter`: `ext4_truncate` runs (its type-5 handle holds VFS inode
    /// dirtying until `ext4_truncate_exit`).
    case truncateEnter(ino: UInt64)
    /// `ext4_fallocate_enter` (mode bits as `FALLOC_FL_*`), `ext4_punch_hole`, `ext4_zero_range`.
    case fallocate(ino: UInt64, offset: UInt64, len: UInt64, mode: UInt64)
    case punchHole(ino: UInt64, offset: UInt64, len: UInt64)
    case zeroRange(ino: UInt64, offset: UInt64, len: UInt64)
    /// `ext4_collapse_range`, `ext4_insert_range`.
    case collapseRange(ino: UInt64, offset: UInt64, len: UInt64)
    case insertRange(ino: UInt64, offset: UInt64, len: UInt64)
    /// `ext4_read_folio` and readahead: folios read into the cache.
    case readFolio(ino: UInt64, index: UInt64)
    /// `iomap_dio_rw_begin` of a write / `iomap_dio_complete` (pos is the end of the I/O).
    case directWriteBegin(ino: UInt64, pos: UInt64, count: UInt64)
    case directWriteComplete(ino: UInt64, endPos: UInt64)
    /// `ext4_unlink_enter`: a name of `ino` is removed from directory `dir`.
    case unlink(ino: UInt64, dir: UInt64)
    /// `ext4_drop_inode`, `ext4_evict_inode`, `ext4_free_inode`.
    case dropInode(ino: UInt64)
    case evictInode(ino: UInt64, nlink: UInt64)
    case freeInode(ino: UInt64)
}

/// The `ext4_writepages` request: which range, how many pages, and how hard to try.
public struct WritebackRequest: Sendable, Equatable {
    public var nrToWrite: UInt64
    public var rangeStart: UInt64
    public var rangeEnd: UInt64
    /// `WB_SYNC_ALL` (fsync, sync) vs `WB_SYNC_NONE` (background, kupdate).
    public var syncAll: Bool
    public var rangeCyclic: Bool
    public var writebackIndex: UInt64

    public init(nrToWrite: UInt64 = .max, rangeStart: UInt64 = 0, rangeEnd: UInt64 = .max,
                syncAll: Bool = true, rangeCyclic: Bool = false, writebackIndex: UInt64 = 0) {
        self.nrToWrite = nrToWrite
        self.rangeStart = rangeStart
        self.rangeEnd = rangeEnd
        self.syncAll = syncAll
        self.rangeCyclic = rangeCyclic
        self.writebackIndex = writebackIndex
    }
}
