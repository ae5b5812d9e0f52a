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
    public internal(set) var device: String?
    public internal(set) var operations = 0
    /// Tasks inside a handle the captured kernel runs and the model does not (see
    /// `consume`): VFS inode dirtying they report nests there. Handles the model runs answer
    /// this themselves (`Journal.current`).
    var kernelHandleTasks: Set<Int> = []
    /// Tasks between `ext4_truncate_enter` and `ext4_truncate_exit`: on 7.3's iomap path
    /// `ext4_truncate` zeroes the new EOF block and writes it back (`ext4_writepages`) before
    /// its type-5 handle starts, so that writeback does not end the truncate (VFS inode dirtying
    /// after it still nests in the truncate's handle: fixtures/iomap/truncate/iomap).
    var truncatingTasks: Set<Int> = []
    /// `pwrite64` counts (nil: unreadable) entered and not yet bound to an inode, by task.
    var pendingWrites: [Int: UInt64?] = [:]
    /// Where each task's write fault ends (`startsFault`).
    var faultEnds: [Int: UInt64] = [:]
    /// The buffered write each task is in (`startsBufferedWrite`).
    var currentWrites: [Int: WriteInProgress] = [:]
    /// A truncate syscall's length, waiting for the first event that names its inode.
    var pendingTruncate: [Int: UInt64] = [:]
    /// What each event type means to `consume`, worked out on its first event.
    var roles = EventRoles()
    /// `checkInvariants()` after every operation (tests).
    public var checksInvariants = false

    public init(filesystem: Filesystem, path: any BufferedIOPath, device: String? = nil) {
        fs = filesystem
        self.path = path
        self.device = device
        if let device { fs.adoptDevice(device) }
    }

    /// The events the model emitted since the last call (`Filesystem.drainTrace`).
    public mutating func drainTrace() -> [TraceEvent] { fs.drainTrace() }

    /// Replays one event if the allow-list admits it.
    public mutating func consume(_ event: TraceEvent) {
        let role = roles.role(of: event)
        guard role.allowed else { return }
        if let d = event.device {
            if device == nil, role.isExt4 { device = d; fs.adoptDevice(d) }
            if let device, d != device { return }
        }
        let ctx = OperationContext(cpu: event.cpu, pid: event.pid, timestampNs: event.timestampNs, comm: event.comm)
        fs.advanceJournalClock(to: event.timestampNs)
        operationEnds(event, role, ctx)
        noteTask(event, role)
        if !pendingTruncate.isEmpty, let length = pendingTruncate[event.pid], let ino = event.inode, !role.isSyscall {
            pendingTruncate[event.pid] = nil
            apply(.setSize(ino: ino, size: length), ctx)
        }
        if role.entersSyscall { lastSyscall[event.pid] = event.name }
        if let step = role.writeStep, let write = startsBufferedWrite(event, step) { apply(write, ctx) }
        // The captured kernel's `ext4_write_begin` (no delalloc, or data=journal) holds a handle
        // until its write_end, whatever the model replaying it does: VFS inode dirtying in
        // between nested there (its allocation's `I_DIRTY_SYNC`).
        if role.startsKernelHandle { kernelHandleTasks.insert(event.pid) }
        guard let kind = role.decodeKind, let op = decode(event, kind) else { return }
        apply(op, ctx)
    }

    /// A task's next syscall or next top-level ext4 request ends the ext4 operation it was
    /// in (folio invalidation and VFS inode dirtying happen inside it): the handle the model
    /// held past that operation stops (`Filesystem.journalStop`), and so does the captured
    /// kernel's.
    ///
    /// This is the one rule left from the replay's event granularity: the model runs an
    /// operation whole at its first event, while the kernel's handle is still open when the VFS
    /// reports the inode dirtying the operation caused; the operation's end is only known from
    /// the task's next request.
    mutating func operationEnds(_ event: TraceEvent, _ role: EventRole, _ ctx: OperationContext) {
        guard role.endsOperation else { return }
        if !truncatingTasks.isEmpty, truncatingTasks.contains(event.pid), event.name == "ext4_writepages" {
            fs.releaseHeldHandle(ctx: ctx)
            return
        }
        if !truncatingTasks.isEmpty { truncatingTasks.remove(event.pid) }
        kernelHandleTasks.remove(event.pid)
        fs.releaseHeldHandle(ctx: ctx)
    }

    static let operationBoundaries: Set<String> = [
        "ext4_da_write_begin", "ext4_write_begin", "ext4_writepages", "ext4_sync_file_enter",
        "ext4_sync_file_exit", "ext4_truncate_exit", "ext4_fallocate_exit", "ext4_punch_hole",
        "ext4_zero_range", "ext4_fallocate_enter", "ext4_truncate_enter", "ext4_collapse_range",
        "ext4_insert_range",
    ]

    /// Tasks that asked ext4 for something (a syscall or a request event).
    var requestingTasks: Set<Int> = []
    /// Workqueue workers that never asked ext4 for anything: I/O completion workers, whose
    /// only ext4 work is the end-of-I/O conversion, inside its reserved handle. VFS inode
    /// dirtying they report nests in that handle (ext4-bench-1k-128m: 6 such events, all
    /// nested). The model runs the conversion in the writeback task's operation, not in the
    /// worker, so no handle of the model's answers this: it stays a rule.
    var completionWorkers: Set<Int> = []

    mutating func noteTask(_ event: TraceEvent, _ role: EventRole) {
        if !role.isWriteback {
            if requestingTasks.insert(event.pid).inserted { completionWorkers.remove(event.pid) }
        } else if !requestingTasks.contains(event.pid), event.comm.hasPrefix("kworker/") {
            completionWorkers.insert(event.pid)
        }
    }

    /// Whether each inode's fsync in progress is an fdatasync.
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
