import TraceParser

/// Counts `pwrite64` and `pread64` calls per inode by requested size, from the
/// `sys_enter_*` / `sys_exit_*` pairs of each task:
///
///     xfs_io-3447 [001] ..... 2025.835771: sys_pwrite64(fd: 3, buf: 0x55d6c56a3000, count: 0x1000, pos: 0)
///     xfs_io-3447 [001] ..... 2025.835788: sys_pwrite64 -> 0x1000
///
/// A call whose task touched no inode of the traced filesystem (the dynamic loader's reads of
/// shared libraries, files on other filesystems) is counted as unattributed.
struct SyscallTracker {
    var writes: [UInt64: IOSizes] = [:]
    var reads: [UInt64: IOSizes] = [:]
    var unattributedCalls = 0
    /// Calls of every kind by inode (fsync, ftruncate, ...), for the report's header.
    var callsByKind: [SyscallKind: Int] = [:]

    mutating func record(_ call: TaskTable.OpenSyscall, returned: Int64?) {
        callsByKind[call.kind, default: 0] += 1
        guard call.kind == .pwrite64 || call.kind == .pread64 else { return }
        guard let ino = call.ino else { unattributedCalls += 1; return }
        if call.kind == .pwrite64 {
            writes[ino, default: IOSizes()].add(requested: call.requestedBytes, returned: returned)
        } else {
            reads[ino, default: IOSizes()].add(requested: call.requestedBytes, returned: returned)
        }
    }
}
