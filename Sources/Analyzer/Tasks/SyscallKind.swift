/// The system calls whose enter/exit tracepoints the corpus enables for the workload process
/// (`syscalls:sys_enter_pwrite64`, ...). They bracket the filesystem events a call causes.
public enum SyscallKind: String, Sendable, CaseIterable, Comparable {
    case pwrite64, pread64, fsync, fdatasync, ftruncate, fallocate, msync

    /// What a mapping call made inside this syscall is counted as.
    var context: MappingContext {
        switch self {
        case .pwrite64: return .write
        case .pread64: return .read
        case .fsync, .fdatasync, .msync: return .sync
        case .ftruncate, .fallocate: return .otherSyscall
        }
    }

    public static func < (a: SyscallKind, b: SyscallKind) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// Where a filesystem event happened: inside which kind of system call of its task, or in the
/// background (writeback kworkers, jbd2, umount).
public enum MappingContext: String, Sendable, CaseIterable, Comparable {
    case write, read, sync, otherSyscall = "other_syscall", background

    public static func < (a: MappingContext, b: MappingContext) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}
