/// What a journal did, counted from its trace events: the one place each journal figure is
/// defined, fed the kernel's events (`report`, `model`'s `capture` column, the fidelity
/// harness's ground truth) or a model's.
///
/// The kernel logs a handle's life in three events (fs/ext4/ext4_jbd2.c `__ext4_journal_start_sb`,
/// fs/jbd2/transaction.c `jbd2__journal_start` and `jbd2_journal_stop`), and a commit in one
/// (fs/jbd2/commit.c `jbd2_journal_commit_transaction`):
///
///     ext4_journal_start_inode: dev 7,1 blocks 30, rsv_blocks 18, revoke_credits 0, type 2, ino 12, caller ext4_do_writepages+0x458/0xf20
///     jbd2_handle_start: dev 7,1 tid 3 type 2 line_no 2942 requested_blocks 31
///     jbd2_handle_stats: dev 7,1 tid 3 type 2 line_no 2942 interval 0 sync 0 requested_blocks 31 dirtied_blocks 3
///     jbd2_run_stats: dev 7,1 tid 2 wait 0 request_delay 0 running 4 locked 0 flushing 0 logging 0 handle_count 5 blocks 6 blocks_logged 8
///
/// ext4 asks for credits on every start, nested ones included (a start inside a running
/// handle of the task only takes a reference, `journal_current_handle()`); jbd2 logs a handle
/// once, when its outermost reference stops. So "credits" means two things, kept apart here:
/// `creditsAsked` (ext4's `blocks`) and `requestedBlocks` (jbd2's, per handle).
public struct JournalStatistics: Sendable, Equatable {
    /// Handles by `EXT4_HT_*` type (`HandleType`'s raw value): one per `jbd2_handle_stats`,
    /// logged when a handle's outermost reference stops.
    public var handlesByType: [Int: Int] = [:]
    /// Sum of `jbd2_handle_stats` `requested_blocks`: the credits each handle held at its start
    /// (ext4's `blocks` plus what jbd2 adds, such as revoke credits), once per handle.
    public var requestedBlocks: Int64 = 0
    /// Sum of `jbd2_handle_stats` `dirtied_blocks` (signed: the kernel logs -1 for a handle that
    /// gave back more credits than it used).
    public var dirtiedBlocks: Int64 = 0
    /// `ext4_journal_start_sb` and `_inode` by `type`: every start ext4 asked for, nested
    /// starts included (so at least `handlesByType`'s count, for the types ext4 starts).
    public var startsByType: [Int: Int] = [:]
    /// Sum of the `blocks` every `ext4_journal_start_sb`, `_inode` and `_reserved` printed,
    /// nested starts included: the credits ext4 asked for, as the models count them.
    public var creditsAsked = 0
    /// Transactions committed: one per `jbd2_run_stats`.
    public var commits = 0
    /// Sum of `jbd2_run_stats` `blocks_logged`: journal blocks the commits wrote (descriptors
    /// and commit blocks included).
    public var blocksLogged: UInt64 = 0

    public init() {}

    /// The events `note` reads, with the fields it reads from each.
    public static let eventNames: Set<String> = [
        "ext4_journal_start_sb", "ext4_journal_start_inode", "ext4_journal_start_reserved",
        "jbd2_handle_stats", "jbd2_run_stats",
    ]

    /// Every handle, of any type.
    public var handles: Int { handlesByType.values.reduce(0, +) }

    /// Counts `e` if it is one of `eventNames`.
    public mutating func note(_ e: TraceEvent) {
        switch e.name {
        case "ext4_journal_start_sb", "ext4_journal_start_inode":
            creditsAsked += Int(e["blocks"]?.int ?? 0)
            if let t = e["type"]?.int { startsByType[Int(t), default: 0] += 1 }
        case "ext4_journal_start_reserved":
            // A reserved handle's start (`jbd2_journal_start_reserved`): it prints no type.
            creditsAsked += Int(e["blocks"]?.int ?? 0)
        case "jbd2_handle_stats":
            if let t = e["type"]?.int { handlesByType[Int(t), default: 0] += 1 }
            requestedBlocks &+= e["requested_blocks"]?.int ?? 0
            dirtiedBlocks &+= e["dirtied_blocks"]?.int ?? 0
        case "jbd2_run_stats":
            commits += 1
            blocksLogged &+= e["blocks_logged"]?.uint ?? 0
        default: break
        }
    }
}
