/// How the iomap buffered I/O path writes back delayed extents.
public enum WritebackScheme: String, Sendable, CaseIterable {
    /// The series as posted (v2, "ext4: implement writeback iomap path"): allocate unwritten
    /// extents under a `EXT4_HT_WRITE_PAGE` handle in `ext4_iomap_map_writeback_range`, convert
    /// them and move i_disksize in a `EXT4_HT_EXT_CONVERT` handle at I/O completion.
    case iomap
    /// The reviewers' delay-map proposal: reserve an inode preallocation at writeback (no
    /// handle, no extent change), then insert written extents and move i_disksize in one handle
    /// at I/O completion.
    case delaymap
}

/// The filesystem facts the iomap paths need (from `dumpe2fs -h`).
public struct SeriesGeometry: Sendable, Equatable {
    public var blockSize: UInt64 = 4096
    public var blocksPerGroup: UInt64 = 32768
    public var inodesPerGroup: UInt64 = 8192
    public var inodeSize: UInt64 = 256
    public var firstDataBlock: UInt64 = 0
    /// `nodelalloc` switches writes to `ext4_iomap_buffered_write_ops`.
    public var delalloc = true

    public init() {}

    /// Reads the lines of `dumpe2fs -h` this model uses; missing lines keep their defaults.
    ///
    ///     Block size:               4096
    ///     Blocks per group:         32768
    public init(dumpe2fs text: String) {
        self.init()
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: ":", maxSplits: 1)
            guard parts.count == 2, let value = UInt64(parts[1].trimmingSpaces()) else { continue }
            switch parts[0].trimmingSpaces() {
            case "Block size": blockSize = value
            case "Blocks per group": blocksPerGroup = value
            case "Inodes per group": inodesPerGroup = value
            case "Inode size": inodeSize = value
            case "First block": firstDataBlock = value
            default: break
            }
        }
    }

    var blockBits: UInt64 { UInt64(blockSize.trailingZeroBitCount) }
}

extension Substring {
    func trimmingSpaces() -> String {
        var s = self[...]
        while let f = s.first, f == " " || f == "\t" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" || l == "\r" { s = s.dropLast() }
        return String(s)
    }
}

/// What the iomap paths count, named as `replay`'s JSON names them.
public struct SeriesCounters: Sendable, Equatable {
    /// `ext4_iomap_buffered_read_begin` + `ext4_iomap_buffered_write_begin` calls.
    public var iomapBeginCalls = 0
    public var writeBeginCalls = 0
    public var readBeginCalls = 0
    /// `ext4_iomap_zero_begin` calls (partial-block zeroing).
    public var zeroBeginCalls = 0
    /// Traced `ext4_iomap_map_writeback_range` calls (cache misses).
    public var writebackMapCalls = 0
    /// Extents converted from unwritten to written at I/O completion.
    public var unwrittenConversions = 0
    /// Block allocations (one per `ext4_map_create_blocks` / preallocation use).
    public var allocations = 0
    /// `ext4_da_write_pages_extent` events (one per delayed extent mapped at writeback).
    public var delayedExtentsMapped = 0
    /// Folios written back (`iomap_writeback_folio`) and ranges added to ioends.
    public var foliosWrittenBack = 0
    public var ioendAdds = 0
    public var writes = 0
    /// Bytes the replayed writes covered.
    public var bytesWritten: UInt64 = 0
    /// Operations replayed.
    public var operations = 0

    public init() {}
}

/// One file as the iomap paths track it.
public struct SeriesInode: Sendable {
    public var size: UInt64 = 0
    public var disksize: UInt64 = 0
    public var states = BlockStateMap()
    /// Dirty blocks in the page cache (state `.written` marks a dirty block).
    var dirty = BlockStateMap()
    /// Page-cache folios: first block → blocks in the folio.
    var folios: [UInt32: UInt32] = [:]
    /// `EXT4_I(inode)->i_es_seq`: bumped by every extent-status change.
    public var esSeq: UInt64 = 0
}

/// ext4's buffered I/O path with the series applied (or the delay-map proposal): replays the
/// operations a capture recorded and predicts mapping calls, handles, commits and tracepoints.
///
/// Mirrors fs/ext4/file.c, inode.c and page-io.c of "[PATCH -next v2] ext4: use iomap for
/// regular file's buffered I/O path" and fs/iomap/buffered-io.c of Linux 6.18. Leaves out:
/// reads (no ext4 tracepoint tells which inode a read hits), mmap writes (invisible in a
/// buffer_head capture), bigalloc clusters, ENOSPC retries, extent-tree depth growth.
public struct IomapPath: Sendable {
    public let scheme: WritebackScheme
    public let geometry: SeriesGeometry
    public internal(set) var inodes: [InodeKey: SeriesInode] = [:]
    /// Inodes evicted from memory (their last state, as it is on disk).
    public internal(set) var evicted: [InodeKey: SeriesInode] = [:]
    /// Every inode seen, in memory or evicted, in key order.
    public var allInodes: [(key: InodeKey, inode: SeriesInode)] {
        evicted.merging(inodes) { _, live in live }.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }
    public internal(set) var counters = SeriesCounters()
    public internal(set) var journal: SeriesJournal
    /// Predicted tracepoints, in order, when `recordEvents` is set.
    public internal(set) var events: [PredictedEvent] = []
    public var recordEvents: Bool
    var allocator: SeriesAllocator
    var lastDevice: String? = nil

    public init(scheme: WritebackScheme, geometry: SeriesGeometry = SeriesGeometry(), recordEvents: Bool = false) {
        self.scheme = scheme
        self.geometry = geometry
        self.recordEvents = recordEvents
        self.journal = SeriesJournal(blockSize: Int(geometry.blockSize))
        self.allocator = SeriesAllocator(geometry: geometry)
    }

    /// Replays one operation.
    public mutating func apply(_ op: SeriesOperation) {
        counters.operations += 1
        if let deadline = journal.intervalDeadline, op.context.timestampNs >= deadline {
            commit(OperationContext(timestampNs: deadline, cpu: 0, pid: 0, comm: "jbd2"))
        }
        switch op {
        case let .write(key, pos, length, c): write(key, pos: pos, length: length, c)
        case .mmapWrite: break
        case let .writepages(key, start, end, _, c): writepages(key, rangeStart: start, rangeEnd: end, c)
        case let .fsync(key, _, c): fsync(key, c)
        case let .truncate(key, size, c): truncate(key, to: size, c)
        case let .punchOrZero(key, offset, length, c): zeroPartialBlocks(key, offset: offset, length: length, c)
        case let .evict(key, _): evicted[key] = inodes.removeValue(forKey: key) ?? evicted[key]
        case let .syncFS(_, c): commit(c)
        }
    }

    /// Starts and stops one handle, with the `ext4_journal_start_inode` / `jbd2_handle_stats`
    /// lines it prints.
    mutating func handle(_ type: HandleType, credits: Int, dirtying blocks: [MetadataBlock],
                         _ key: InodeKey, caller: String, _ c: OperationContext) {
        let h = journal.handle(type, credits: credits, dirtying: blocks, c)
        let dev = PredictedEvent.ext4Dev(key.dev)
        emit(PredictedEvent(c, "ext4_journal_start_inode",
                            "dev \(dev) blocks \(credits), rsv_blocks 0, revoke_creds 8, type \(type.rawValue), ino \(key.ino), caller \(caller)"))
        emit(PredictedEvent(c, "jbd2_handle_stats",
                            "dev \(dev) tid \(h.tid) type \(type.rawValue) line_no 0 interval 0 sync 0 requested_blocks \(credits) dirtied_blocks \(h.newlyDirtied)"))
    }

    /// Commits the running transaction (`jbd2_journal_commit_transaction`), with its
    /// `jbd2_run_stats` line.
    mutating func commit(_ c: OperationContext) {
        guard let done = journal.commit(at: c.timestampNs) else { return }
        guard let dev = inodes.keys.first?.dev ?? lastDevice else { return }
        let jc = OperationContext(timestampNs: c.timestampNs, cpu: c.cpu, pid: 0, comm: "jbd2/commit")
        emit(PredictedEvent(jc, "jbd2_run_stats",
                            "dev \(PredictedEvent.ext4Dev(dev)) tid \(done.tid) wait 0 request_delay 0 running 0 locked 0 flushing 0 logging 0 handle_count \(done.handles) blocks \(done.blocks) blocks_logged \(done.logged)"))
    }

    mutating func emit(_ e: @autoclosure () -> PredictedEvent) {
        if recordEvents { events.append(e()) }
    }

    func metadataBlocks(forAllocationAt physical: UInt64, _ key: InodeKey) -> [MetadataBlock] {
        let group = (physical - geometry.firstDataBlock) / geometry.blocksPerGroup
        let descPerBlock = geometry.blockSize / 64
        return [.blockBitmap(group: group), .groupDescriptors(block: group / descPerBlock), inodeBlock(key)]
    }

    func inodeBlock(_ key: InodeKey) -> MetadataBlock {
        let perBlock = max(1, geometry.blockSize / geometry.inodeSize)
        return .inodeTable(block: (key.ino - 1) / perBlock)
    }

    /// Invariants of every inode's maps (tests call this after each operation).
    public func checkInvariants() {
        for (_, inode) in inodes {
            inode.states.checkInvariants()
            inode.dirty.checkInvariants()
            precondition(inode.disksize <= max(inode.size, inode.disksize))
        }
    }
}

/// Physical blocks for the iomap paths: contiguous from each inode's goal, like mballoc's
/// stream allocation on an empty filesystem.
///
/// Leaves out: locality groups, preallocation normalisation, free-space fragmentation — the
/// buffer_head model's allocator owns those; here only contiguity matters (it decides ioend
/// merging).
struct SeriesAllocator: Sendable {
    let geometry: SeriesGeometry
    var next: [InodeKey: UInt64] = [:]
    var frontier: UInt64

    init(geometry: SeriesGeometry) {
        self.geometry = geometry
        frontier = geometry.firstDataBlock + 0x8000 / max(1, geometry.blockSize / 4096)
    }

    /// `ext4_mb_new_blocks` for `length` blocks at logical `lblk`.
    mutating func allocate(_ key: InodeKey, length: UInt32) -> UInt64 {
        let start = next[key] ?? frontier
        next[key] = start + UInt64(length)
        frontier = max(frontier, start + UInt64(length))
        return start
    }
}
