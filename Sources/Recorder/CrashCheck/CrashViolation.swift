import TraceParser

/// One thing a crash point's recovered filesystem shows that the workload did not promise
/// (issue 14's three kinds).
public struct CrashViolation: Sendable, Equatable {
    public typealias Kind = CrashViolationKind

    public var kind: Kind
    public var file: String
    public var inode: UInt64
    /// File blocks (4 KiB) the violation covers, first...last.
    public var firstBlock: UInt64
    public var lastBlock: UInt64
    /// The log entry index after which the crash happened.
    public var point: Int
    public var explanation: String
}

/// The verdict over a whole log.
public struct CrashCheckReport: Sendable {
    public var capture: CrashLogCapture
    public var logPath: String
    public var entries: Int
    /// Crash points checked (FLUSH/FUA entries after the `mkfs` mark whose state differs from the
    /// previous point's, and the last entry).
    public var crashPoints: Int
    public var marks: Int
    public var violations: [CrashViolation]
    /// Crash points where e2fsck left errors (exit 4 or more): point and e2fsck's words.
    public var fsckFailures: [(point: Int, problem: String)]
    /// Each file at the last crash point: name, inode, recovered size, and how many of its
    /// bytes hold its own data — so a clean verdict visibly read real files.
    public var finalFiles: [(name: String, inode: UInt64, sizeBytes: UInt64, dataBytes: UInt64)] = []
    /// The log was damaged after this many entries (nil when whole).
    public var damage: String?

    public func count(_ kind: CrashViolation.Kind) -> Int { violations.filter { $0.kind == kind }.count }
}
