/// What runs on the mounted filesystem while tracing is on.
public enum Workload: Sendable, Equatable {
    /// A command line; `{mnt}` in any argument is replaced by the mount point.
    case command([String])
    /// A built-in pwrite/fsync workload run in-process.
    case builtin(BuiltinWorkload)
    /// `fio --directory=MNT JOB`.
    case fio(jobFile: String)

    /// The command line with `{mnt}` replaced.
    func argv(mountPoint: String) -> [String]? {
        switch self {
        case .command(let args): return args.map { $0.replacingAll("{mnt}", with: mountPoint) }
        case .fio(let job): return ["fio", "--directory=\(mountPoint)", job.replacingAll("{mnt}", with: mountPoint)]
        case .builtin: return nil
        }
    }

    /// One line for meta.json and the summary.
    public var description: String {
        switch self {
        case .command(let args): return args.map { $0.contains(" ") ? "'\($0)'" : $0 }.joined(separator: " ")
        case .builtin(let b): return b.spec
        case .fio(let job): return "fio \(job)"
        }
    }
}

extension String {
    /// Every occurrence of `target` replaced (no Foundation needed).
    func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        var out = ""
        var rest = Substring(self)
        while let r = rest.range(of: target) {
            out += rest[..<r.lowerBound]
            out += replacement
            rest = rest[r.upperBound...]
        }
        return out + rest
    }
}

extension Substring {
    func range(of target: String) -> Range<Index>? {
        var i = startIndex
        while i < endIndex {
            if self[i...].hasPrefix(target) { return i..<index(i, offsetBy: target.count) }
            i = index(after: i)
        }
        return nil
    }
}
