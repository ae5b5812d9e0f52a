/// What runs on the mounted filesystem while tracing is on.
public enum Workload: Sendable, Equatable {
    /// A command line; `{mnt}` in any argument is replaced by the mount point.
    case command([String])
    /// A built-in pwrite/fsync workload run in-process.
    case builtin(BuiltinWorkload)
    /// `fio --directory=MNT JOB`.
    case fio(jobFile: String)
    /// A crash workload (`crash:KIND`, two threads for `window`), traced; its log marks are
    /// no-ops unless `record --crash-log` runs it.
    case crash(CrashWorkload)

    /// The command line with `{mnt}` replaced.
    func argv(mountPoint: String) -> [String]? {
        switch self {
        case .command(let args): return args.map { $0.replacing("{mnt}", with: mountPoint) }
        case .fio(let job): return ["fio", "--directory=\(mountPoint)", job.replacing("{mnt}", with: mountPoint)]
        case .builtin, .crash: return nil
        }
    }

    /// One line for meta.json and the summary.
    public var description: String {
        switch self {
        case .command(let args): return args.map { $0.contains(" ") ? "'\($0)'" : $0 }.joined(separator: " ")
        case .builtin(let b): return b.spec
        case .fio(let job): return "fio \(job)"
        case .crash(let c): return c.spec
        }
    }
}
