import TraceParser

/// What the captured kernel did, read from its own decision events — shown beside the
/// predictions, never fed to them — and the workload's size (writes, bytes).
struct ObservedKernel {
    var pwrites = 0
    var bytesWritten: UInt64 = 0
    var daExtents = 0
    /// Blocks the buffer_head write path mapped (`ext4_es_insert_delayed_extent`).
    var delayedInserts = 0
    var handlesByType: [Int: Int] = [:]
    var credits = 0
    var commits = 0
    var blocksLogged = 0
    var conversions = 0

    /// The events whose fields `note` reads (the others it only counts, by name).
    static let eventsWithFieldsRead: Set<String> = [
        "sys_enter_pwrite64", "sys_enter_write", "sys_enter_pwritev", "jbd2_handle_stats",
        "ext4_journal_start_sb", "ext4_journal_start_inode", "ext4_journal_start_reserved",
        "jbd2_run_stats", "ext4_ext_handle_unwritten_extents",
    ]

    mutating func note(_ e: TraceEvent) {
        switch e.name {
        case "sys_enter_pwrite64", "sys_enter_write", "sys_enter_pwritev":
            pwrites += 1
            bytesWritten += e["count"]?.uint ?? 0
        case "ext4_da_write_pages_extent": daExtents += 1
        case "ext4_es_insert_delayed_extent": delayedInserts += 1
        case "jbd2_handle_stats":
            if let t = e["type"]?.int { handlesByType[Int(t), default: 0] += 1 }
        case "ext4_journal_start_sb", "ext4_journal_start_inode", "ext4_journal_start_reserved":
            // The credits ext4 asked (`blocks`), as the models count them.
            credits += Int(e["blocks"]?.int ?? 0)
        case "jbd2_run_stats":
            commits += 1
            blocksLogged += Int(e["blocks_logged"]?.int ?? 0)
        case "ext4_ext_handle_unwritten_extents":
            if let f = e["flags"]?.string, f.contains("CONVERT") { conversions += 1 }
        default: break
        }
    }
}
