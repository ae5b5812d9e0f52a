import TraceParser

/// What each task (pid) is doing at the current event: the system call it is inside and the
/// inode that call works on. Trackers ask it to attribute events that carry no inode, and to
/// tell a mapping call made by `pwrite64` from one made by writeback.
///
/// A syscall's inode is learnt from the first filesystem event of that task inside the call
/// that names one (for `pwrite64` usually `ext4_da_write_begin`, `iomap_iter` or
/// `ext4_mark_inode_dirty` of the file), else from what the same file descriptor was seen to
/// name earlier (a `pread64` served from the page cache causes no filesystem event).
struct TaskTable {
    struct OpenSyscall {
        var kind: SyscallKind
        var fd: Int64?
        /// `count` of pwrite64/pread64.
        var requestedBytes: UInt64
        var startNs: UInt64
        /// The inode the call's own events named.
        var eventIno: UInt64?
        /// The inode its file descriptor named in an earlier call (close(2) is not traced, so
        /// this only stands in when the call's events name none).
        var descriptorIno: UInt64?

        var ino: UInt64? { eventIno ?? descriptorIno }
    }

    private(set) var open: [Int: OpenSyscall] = [:]
    /// How many calls in `open` no event has named an inode for yet: while none,
    /// `noteInode` has nothing to do.
    private var unnamed = 0
    private var inodeOfDescriptor: [FileDescriptorKey: UInt64] = [:]

    struct FileDescriptorKey: Hashable { var pid: Int; var fd: Int64 }

    func context(of pid: Int) -> MappingContext { open[pid]?.kind.context ?? .background }

    /// Opens a call. Returns the task's previous call if it never saw its exit (the corpus
    /// traces `sys_enter_fsync` but not always `sys_exit_fsync`): a task makes one call at a time.
    mutating func enter(_ kind: SyscallKind, _ e: TraceEvent) -> OpenSyscall? {
        let abandoned = open[e.pid]
        if let abandoned, abandoned.eventIno == nil { unnamed -= 1 }
        unnamed += 1
        let fd = e["fd"]?.int
        let call = OpenSyscall(kind: kind, fd: fd, requestedBytes: e["count"]?.uint ?? 0, startNs: e.timestampNs,
                               eventIno: nil, descriptorIno: fd.flatMap { inodeOfDescriptor[FileDescriptorKey(pid: e.pid, fd: $0)] })
        open[e.pid] = call
        return abandoned
    }

    /// Notes an inode-carrying filesystem event: the first one names the open call's inode.
    mutating func noteInode(_ ino: UInt64, pid: Int) {
        // No hash once every open call is named; else one, in place: this runs for every
        // filesystem event.
        guard unnamed > 0, let i = open.index(forKey: pid), open.values[i].eventIno == nil else { return }
        open.values[i].eventIno = ino
        unnamed -= 1
    }

    /// Closes the task's call, returning it (nil when the trace began inside the call).
    mutating func exit(_ kind: SyscallKind, pid: Int) -> OpenSyscall? {
        guard let call = open[pid], call.kind == kind else { return nil }
        open[pid] = nil
        if call.eventIno == nil { unnamed -= 1 }
        if let fd = call.fd, let ino = call.eventIno {
            inodeOfDescriptor[FileDescriptorKey(pid: pid, fd: fd)] = ino
        }
        return call
    }

    /// Calls still open at the end of the trace.
    mutating func drain() -> [OpenSyscall] {
        defer { open.removeAll(); unnamed = 0 }
        return open.keys.sorted().compactMap { open[$0] }
    }
}
