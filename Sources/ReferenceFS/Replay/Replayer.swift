import TraceParser

/// Turns a trace's allowed events into model operations and applies them to a `Filesystem`
/// through a `BufferedIOPath`.
///
/// Feed events in order with `consume(_:)`; read the prediction with `result()`. Events the
/// allow-list refuses are dropped unread. One device is replayed: the first ext4 device seen
/// (or the one given).
public struct Replayer: Sendable {
    public internal(set) var fs: Filesystem
    public let path: any BufferedIOPath
    public private(set) var device: String?
    public private(set) var operations = 0
    /// Tasks inside an ext4 operation that holds a handle (writeback, truncate, fallocate):
    /// VFS inode dirtying they cause nests in that handle.
    var insideHandle: Set<Int> = []
    /// A truncate syscall's length, waiting for the first event that names its inode.
    var pendingTruncate: [Int: UInt64] = [:]
    /// `checkInvariants()` after every operation (tests).
    public var checksInvariants = false

    public init(filesystem: Filesystem, path: any BufferedIOPath, device: String? = nil) {
        fs = filesystem
        self.path = path
        self.device = device
    }

    /// Replays one event if the allow-list admits it.
    public mutating func consume(_ event: TraceEvent) {
        guard ModelInput.allows(event) else { return }
        if let d = event.device {
            if device == nil, event.system == "ext4" { device = d }
            if let device, d != device { return }
        }
        let ctx = OperationContext(cpu: event.cpu, pid: event.pid, timestampNs: event.timestampNs)
        fs.journal.advanceClock(to: event.timestampNs)
        insideHandleEnds(event)
        if let length = pendingTruncate[event.pid], let ino = event.inode, event.system != "syscalls" {
            pendingTruncate[event.pid] = nil
            apply(.setSize(ino: ino, size: length), ctx)
        }
        if event.system == "syscalls" || event.name.hasPrefix("sys_enter_") { lastSyscall[event.pid] = event.name }
        guard let op = decode(event) else { return }
        apply(op, ctx)
    }

    /// A task's next syscall or next top-level ext4 request ends the ext4 operation it was
    /// in (folio invalidation and VFS inode dirtying happen inside it).
    mutating func insideHandleEnds(_ event: TraceEvent) {
        guard !insideHandle.isEmpty else { return }
        if event.system == "syscalls" || Replayer.operationBoundaries.contains(event.name) {
            insideHandle.remove(event.pid)
        }
    }

    static let operationBoundaries: Set<String> = [
        "ext4_da_write_begin", "ext4_write_begin", "ext4_writepages", "ext4_sync_file_enter",
        "ext4_sync_file_exit", "ext4_truncate_exit", "ext4_fallocate_exit", "ext4_punch_hole",
        "ext4_zero_range", "ext4_fallocate_enter", "ext4_truncate_enter",
    ]

    mutating func decode(_ e: TraceEvent) -> Operation? {
        func u(_ k: String) -> UInt64 { e[k]?.uint ?? 0 }
        let ino = e.inode ?? 0
        switch e.name {
        case "ext4_allocate_inode": return .createInode(ino: ino)
        case "ext4_da_write_begin", "ext4_write_begin": return .writeBegin(ino: ino, pos: u("pos"), len: u("len"))
        case "ext4_da_write_end", "ext4_write_end", "ext4_journalled_write_end":
            return .writeEnd(ino: ino, pos: u("pos"), len: u("len"), copied: u("copied"))
        case "ext4_writepages":
            return .writepages(ino: ino, request: WritebackRequest(
                nrToWrite: u("nr_to_write"), rangeStart: u("range_start"), rangeEnd: u("range_end"),
                syncAll: u("sync_mode") == 1, rangeCyclic: u("range_cyclic") != 0, writebackIndex: u("writeback_index")))
        case "ext4_sync_file_enter": return .syncFileEnter(ino: ino, datasync: u("datasync") != 0)
        case "ext4_sync_file_exit": return .syncFileExit(ino: ino)
        case "ext4_sync_fs": return .syncFilesystem(wait: u("wait") != 0)
        case "ext4_fallocate_enter": return .fallocate(ino: ino, offset: u("offset"), len: u("len"), mode: u("mode"))
        case "ext4_punch_hole": return .punchHole(ino: ino, offset: u("offset"), len: u("len"))
        case "ext4_zero_range": return .zeroRange(ino: ino, offset: u("offset"), len: u("len"))
        case "ext4_read_folio": return .readFolio(ino: ino, index: u("index"))
        case "ext4_truncate_enter": return .truncateEnter(ino: ino)
        case "iomap_dio_rw_begin":
            // Only writes allocate; a DIO read only maps.
            guard isDirectWrite(e) else { return nil }
            return .directWriteBegin(ino: ino, pos: u("pos"), count: u("count"))
        case "iomap_dio_complete": return .directWriteComplete(ino: ino, endPos: u("pos"))
        case "ext4_drop_inode": return .dropInode(ino: ino)
        case "ext4_evict_inode": return .evictInode(ino: ino, nlink: u("nlink"))
        case "ext4_free_inode": return .freeInode(ino: ino)
        case "writeback_dirty_inode_start":
            let flags = e["flags"]?.string ?? ""
            return flags.contains("I_DIRTY_SYNC") || flags.contains("I_DIRTY_DATASYNC") ? .dirtyInode(ino: ino) : nil
        case "sys_enter_ftruncate":
            pendingTruncate[e.pid] = u("length")
            return .fileSyscall
        case "sys_enter_pread64", "sys_enter_pwrite64", "sys_enter_fsync", "sys_enter_fdatasync",
             "sys_enter_fallocate", "sys_enter_msync":
            return .fileSyscall
        default: return nil
        }
    }

    /// Applies one operation.
    public mutating func apply(_ op: Operation, _ ctx: OperationContext) {
        operations += 1
        let handlesBefore = fs.journal.handles
        defer {
            // An operation that started handles may still hold one while the kernel emits the
            // VFS events it causes (ext4_write_begin's handle lasts until write_end).
            if fs.journal.handles != handlesBefore, op.holdsHandleAfterwards { insideHandle.insert(ctx.pid) }
            if case .writeEnd = op { insideHandle.remove(ctx.pid) }
        }
        switch op {
        case .createInode(let ino): fs.createInode(ino, ctx: ctx)
        case .dirtyInode(let ino):
            guard ino != 0, ino != fs.geometry.journalInode else { break }
            fs.dirtyInode(ino, nested: insideHandle.contains(ctx.pid), ctx: ctx)
        case .writeBegin(let ino, let pos, let len): path.writeBegin(&fs, ino: ino, pos: pos, len: len, ctx: ctx)
        case .writeEnd(let ino, let pos, _, let copied): path.writeEnd(&fs, ino: ino, pos: pos, copied: copied, ctx: ctx)
        case .writepages(let ino, let request):
            path.writepages(&fs, ino: ino, request: request, ctx: ctx)
        case .syncFileEnter(let ino, _): fs.noteFileOpened(ctx: ctx); syncDatasync[ino] = isDatasync(op)
        case .syncFileExit(let ino): fs.syncFile(ino, datasync: syncDatasync[ino] ?? false, ctx: ctx)
        case .syncFilesystem(let wait): fs.syncFilesystem(wait: wait, ctx: ctx)
        case .setSize(let ino, let size):
            fs.setSize(ino, to: size, path: path, ctx: ctx)
        case .fallocate(let ino, let offset, let len, let mode):
            // FALLOC_FL_PUNCH_HOLE (2) and FALLOC_FL_ZERO_RANGE (0x10) have their own events.
            if mode & 0x12 == 0 { fs.fallocate(ino, offset: offset, len: len, keepSize: mode & 1 != 0, ctx: ctx) }
        case .punchHole(let ino, let offset, let len):
            fs.punchHole(ino, offset: offset, len: len, path: path, ctx: ctx)
        case .zeroRange(let ino, let offset, let len):
            fs.zeroRange(ino, offset: offset, len: len, keepSize: true, path: path, ctx: ctx)
        case .readFolio(let ino, let index): path.readFolio(&fs, ino: ino, index: index, ctx: ctx)
        case .dropInode(let ino): fs.dropInode(ino)
        case .evictInode(let ino, let nlink): fs.evictInode(ino, nlink: nlink, ctx: ctx)
        case .freeInode: break
        case .truncateEnter: insideHandle.insert(ctx.pid)
        case .fileSyscall: fs.noteFileOpened(ctx: ctx)
        case .directWriteBegin(let ino, let pos, let count):
            directWrites[ino] = fs.directWriteBegin(ino, pos: pos, count: count, ctx: ctx)
        case .directWriteComplete(let ino, let endPos):
            if let extending = directWrites.removeValue(forKey: ino) {
                fs.directWriteComplete(ino, endPos: endPos, extending: extending, ctx: ctx)
            }
        }
        if checksInvariants { fs.checkInvariants() }
    }

    var syncDatasync: [UInt64: Bool] = [:]
    /// O_DIRECT writes in flight, by inode: whether each extends the file.
    var directWrites: [UInt64: Bool] = [:]
    /// The last syscall each task entered, to tell O_DIRECT writes from reads.
    var lastSyscall: [Int: String] = [:]

    /// An `iomap_dio_rw_begin` is a write when its task is inside a write syscall.
    func isDirectWrite(_ e: TraceEvent) -> Bool {
        (lastSyscall[e.pid] ?? "").contains("write")
    }

    func isDatasync(_ op: Operation) -> Bool {
        if case .syncFileEnter(_, let d) = op { return d }
        return false
    }
}

extension Operation {
    /// Operations whose handle is still running when the kernel emits the VFS events they
    /// cause: a non-delalloc write_begin (until write_end), writeback, fallocate, punch, zero
    /// range. Inode dirtying the VFS reports meanwhile nests in that handle.
    var holdsHandleAfterwards: Bool {
        switch self {
        case .writeBegin, .writepages, .fallocate, .punchHole, .zeroRange, .directWriteBegin: return true
        default: return false
        }
    }
}
