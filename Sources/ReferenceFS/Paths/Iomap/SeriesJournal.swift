/// ext4's handle types (`EXT4_HT_*` in fs/ext4/ext4_jbd2.h), as `ext4_journal_start` prints them.
public enum HandleType: Int, Sendable, CaseIterable, Comparable {
    case misc = 0, inode = 1, writePage = 2, mapBlocks = 3, dir = 4, truncate = 5, quota = 6
    case resize = 7, migrate = 8, moveExtents = 9, xattr = 10, extConvert = 11

    public static func < (a: HandleType, b: HandleType) -> Bool { a.rawValue < b.rawValue }
}

/// A metadata block a handle dirties, by what it is (its address does not change what is logged).
public enum MetadataBlock: Sendable, Hashable {
    case blockBitmap(group: UInt64)
    case groupDescriptors(block: UInt64)
    case inodeTable(block: UInt64)
}

/// One handle the iomap paths start: what `ext4_journal_start` would print and what
/// `jbd2_handle_stats` would report.
public struct SeriesHandle: Sendable, Equatable {
    public var type: HandleType
    public var credits: Int
    public var dirtied: [MetadataBlock]
    public var tid: UInt64
    /// Blocks this handle added to the transaction (`jbd2_handle_stats`' `dirtied_blocks`).
    public var newlyDirtied: Int
    public var context: OperationContext
}

/// The journal as the iomap paths see it: handles join the running transaction; a commit logs
/// each distinct metadata block once, plus descriptor and commit blocks
/// (`jbd2_journal_commit_transaction`).
///
/// Leaves out: checkpointing, revoke records, the journal's wrap, fast commits, handle
/// credit extension. Transactions commit at fsync, sync_fs and after the commit interval
/// (`j_commit_interval`, 5 s).
public struct SeriesJournal: Sendable {
    public private(set) var handles: [SeriesHandle] = []
    public private(set) var commits: [(tid: UInt64, blocks: Int, logged: Int, timestampNs: UInt64)] = []
    var runningTid: UInt64 = 2
    var runningSince: UInt64? = nil
    var runningBlocks: Set<MetadataBlock> = []
    var runningHandles = 0
    /// Journal block tags a descriptor block holds (4 KiB blocks, csum v3 16-byte tags).
    let tagsPerDescriptor: Int
    public let commitIntervalNs: UInt64 = 5_000_000_000

    public init(blockSize: Int = 4096) {
        tagsPerDescriptor = max(1, (blockSize - 12 - 4) / 16)
    }

    /// Starts and stops one handle: `ext4_journal_start(inode, type, credits)` … `ext4_journal_stop`.
    @discardableResult
    public mutating func handle(_ type: HandleType, credits: Int, dirtying blocks: [MetadataBlock],
                                _ context: OperationContext) -> SeriesHandle {
        if runningSince == nil { runningSince = context.timestampNs }
        let fresh = Set(blocks).subtracting(runningBlocks).count
        let h = SeriesHandle(type: type, credits: credits, dirtied: blocks, tid: runningTid,
                             newlyDirtied: fresh, context: context)
        handles.append(h)
        runningHandles += 1
        runningBlocks.formUnion(blocks)
        return h
    }

    /// Commits the running transaction if it holds anything (`jbd2_complete_transaction`);
    /// returns the commit.
    @discardableResult
    public mutating func commit(at timestampNs: UInt64) -> (tid: UInt64, handles: Int, blocks: Int, logged: Int)? {
        guard runningHandles > 0 else { return nil }
        let handleCount = runningHandles
        let blocks = runningBlocks.count
        let descriptors = blocks == 0 ? 0 : (blocks + tagsPerDescriptor - 1) / tagsPerDescriptor
        let done = (runningTid, handleCount, blocks, blocks + descriptors + 1)
        commits.append((runningTid, blocks, blocks + descriptors + 1, timestampNs))
        runningTid += 1
        runningSince = nil
        runningBlocks = []
        runningHandles = 0
        return done
    }

    /// When the running transaction's commit interval expires, if it has started.
    public var intervalDeadline: UInt64? { runningSince.map { $0 + commitIntervalNs } }

    public var blocksLogged: Int { commits.reduce(0) { $0 + $1.logged } }
    public var creditsRequested: Int { handles.reduce(0) { $0 + $1.credits } }

    public func handlesByType() -> [HandleType: Int] {
        var out: [HandleType: Int] = [:]
        for h in handles { out[h.type, default: 0] += 1 }
        return out
    }
}
