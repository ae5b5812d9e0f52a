import TraceParser

/// One violation found at one crash point (issue 14 §2).
public struct CrashViolation: Sendable, Equatable {
    public typealias Kind = CrashViolationKind

    public var kind: Kind
    public var ino: UInt64
    /// Logical blocks.
    public var blocks: [Range<UInt64>]
    /// The crash point's index (0-based) and the trace position at or before it.
    public var point: Int
    public var location: SourceLocation
    /// The causal chain in kernel terms.
    public var explanation: String

    public var blocksText: String { CrashViolation.rangesText(blocks) }

    /// `0-15,32-47`.
    public static func rangesText(_ ranges: [Range<UInt64>]) -> String {
        ranges.map { $0.count == 1 ? "\($0.lowerBound)" : "\($0.lowerBound)-\($0.upperBound - 1)" }.joined(separator: ",")
    }
}

/// A moment at which durable state can change.
public struct CrashPoint: Sendable, Equatable {
    public enum Kind: String, Sendable {
        /// A data write's completion.
        case dataCompletion = "data"
        /// A journal commit record, written with REQ_PREFLUSH | REQ_FUA (`jbd2_journal_commit_transaction`).
        case commit
    }
    public var kind: Kind
    public var timestampNs: UInt64
    public var location: SourceLocation
    /// The commit's tid, or the completed write's inode.
    public var detail: UInt64
}
