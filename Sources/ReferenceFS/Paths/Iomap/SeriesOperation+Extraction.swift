import TraceParser

/// Turns a captured event stream into the operations the iomap paths replay.
///
/// Reads only what the workload and the VFS asked: syscall enter/exit, `ext4_da_write_begin` /
/// `ext4_write_begin` (which inode and range a write covers), `ext4_writepages` (the request),
/// `ext4_sync_file_enter`, `ext4_truncate_enter`, `ext4_punch_hole`, `ext4_zero_range`,
/// `ext4_evict_inode`, `ext4_sync_fs`. Never the kernel's decisions.
///
/// A write(2) is the span of `*_write_begin` events between a task's `sys_enter_pwrite64` (or
/// `write`, `pwritev`...) and its exit: the buffer_head path calls write_begin once per folio,
/// the iomap path maps once per syscall. Without syscall events each write_begin stands alone.
///
///     xfs_io-3395 [000] ..... 2025.240644: sys_pwrite64(fd: 3, buf: 0x55..., count: 0x400, pos: 0)
///     xfs_io-3395 [000] ..... 2025.240646: ext4_da_write_begin: dev 7,1 ino 12 pos 0 len 1024
///     xfs_io-3395 [000] ..... 2025.240660: sys_pwrite64 -> 0x400
public struct SeriesOperationExtractor {
    /// The write being gathered per task: inode, first byte, end byte, context.
    var openWrites: [Int: (key: InodeKey, pos: UInt64, end: UInt64, context: OperationContext)] = [:]
    /// Tasks inside a write-type syscall.
    var inWriteSyscall: Set<Int> = []
    /// Tasks inside ftruncate, with the length asked.
    var truncateLength: [Int: UInt64] = [:]

    public init() {}

    static let writeSyscalls: Set<String> = ["pwrite64", "write", "pwritev", "pwritev2", "writev"]

    /// The operations `event` completes (usually none or one).
    public mutating func consume(_ event: TraceEvent) -> [SeriesOperation] {
        let context = OperationContext(timestampNs: event.timestampNs, cpu: event.cpu,
                                       pid: event.pid, comm: event.comm)
        let name = event.name
        if event.system == "syscalls" { return syscall(name, event, context) }
        guard event.system == "ext4", let dev = event.device, let ino = event.inode else {
            return []
        }
        let key = InodeKey(dev: dev, ino: ino)
        switch name {
        case "ext4_da_write_begin", "ext4_write_begin":
            guard let pos = event["pos"]?.uint, let len = event["len"]?.uint else { return [] }
            return writeBegin(key, pos: pos, length: len, context)
        case "ext4_writepages":
            guard let start = event["range_start"]?.uint, let end = event["range_end"]?.int else { return [] }
            return flush(pid: event.pid) + [.writepages(key, rangeStart: start, rangeEnd: UInt64(max(end, 0)),
                                                        syncMode: Int(event["sync_mode"]?.int ?? 0), context)]
        case "ext4_sync_file_enter":
            return flush(pid: event.pid) + [.fsync(key, datasync: (event["datasync"]?.int ?? 0) != 0, context)]
        case "ext4_truncate_enter":
            guard let size = truncateLength.removeValue(forKey: event.pid) else { return [] }
            return [.truncate(key, size: size, context)]
        case "ext4_punch_hole", "ext4_zero_range":
            guard let off = event["offset"]?.uint, let len = event["len"]?.uint else { return [] }
            return [.punchOrZero(key, offset: off, length: len, context)]
        case "ext4_evict_inode":
            return [.evict(key, context)]
        case "ext4_sync_fs":
            return flushAll() + [.syncFS(dev: dev, context)]
        default:
            return []
        }
    }

    /// Writes still being gathered when the input ends.
    public mutating func finish() -> [SeriesOperation] { flushAll() }

    mutating func syscall(_ name: String, _ event: TraceEvent, _ context: OperationContext) -> [SeriesOperation] {
        if name.hasPrefix("sys_enter_") {
            let call = String(name.dropFirst("sys_enter_".count))
            if Self.writeSyscalls.contains(call) { inWriteSyscall.insert(event.pid) }
            if call == "ftruncate", let len = event["length"]?.uint { truncateLength[event.pid] = len }
            return []
        }
        if name.hasPrefix("sys_exit_") {
            let call = String(name.dropFirst("sys_exit_".count))
            if Self.writeSyscalls.contains(call) {
                inWriteSyscall.remove(event.pid)
                return flush(pid: event.pid)
            }
            if call == "ftruncate" { truncateLength.removeValue(forKey: event.pid) }
        }
        return []
    }

    mutating func writeBegin(_ key: InodeKey, pos: UInt64, length: UInt64, _ context: OperationContext) -> [SeriesOperation] {
        guard inWriteSyscall.contains(context.pid) else {
            return flush(pid: context.pid) + [.write(key, pos: pos, length: length, context)]
        }
        if let open = openWrites[context.pid] {
            // The buffer_head path calls write_begin once per folio, each asking for the rest of
            // the write (`len` is not clipped to the folio): the write ends at the furthest end.
            if open.key == key && pos >= open.pos && pos <= open.end {
                openWrites[context.pid]?.end = max(open.end, pos + length)
                return []
            }
            let done = flush(pid: context.pid)
            openWrites[context.pid] = (key, pos, pos + length, context)
            return done
        }
        openWrites[context.pid] = (key, pos, pos + length, context)
        return []
    }

    mutating func flush(pid: Int) -> [SeriesOperation] {
        guard let w = openWrites.removeValue(forKey: pid) else { return [] }
        return [.write(w.key, pos: w.pos, length: w.end - w.pos, w.context)]
    }

    mutating func flushAll() -> [SeriesOperation] {
        let pids = openWrites.keys.sorted()
        return pids.flatMap { flush(pid: $0) }
    }
}
