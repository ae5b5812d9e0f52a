import TraceParser

/// What the captured kernel did, read from its own decision events — shown beside a model's
/// predictions (`model`'s `capture` column), never fed to them — and the workload's size
/// (writes, bytes).
public struct ObservedKernel: Sendable, Equatable {
    /// `write`, `pwrite64` and `pwritev` calls (`sys_enter_*`).
    public var pwrites = 0
    /// Bytes those calls asked to write (`count`).
    public var bytesWritten: UInt64 = 0
    /// Extents buffer_head writeback mapped (`ext4_da_write_pages_extent`).
    public var daExtents = 0
    /// Blocks the buffer_head write path mapped (`ext4_es_insert_delayed_extent`).
    public var delayedInserts = 0
    /// Unwritten extents converted (`ext4_ext_handle_unwritten_extents` with `CONVERT`).
    public var conversions = 0
    /// Handles, credits and commits, as `JournalStatistics` defines them.
    public var journal = JournalStatistics()

    public init() {}

    /// The events whose fields `note` reads (the others it only counts, by name).
    public static let eventsWithFieldsRead: Set<String> = JournalStatistics.eventNames.union([
        "sys_enter_pwrite64", "sys_enter_write", "sys_enter_pwritev", "ext4_ext_handle_unwritten_extents",
    ])

    public mutating func note(_ e: TraceEvent) {
        switch e.name {
        case "sys_enter_pwrite64", "sys_enter_write", "sys_enter_pwritev":
            pwrites += 1
            bytesWritten += e["count"]?.uint ?? 0
        case "ext4_da_write_pages_extent": daExtents += 1
        case "ext4_es_insert_delayed_extent": delayedInserts += 1
        case "ext4_ext_handle_unwritten_extents":
            if let f = e["flags"]?.string, f.contains("CONVERT") { conversions += 1 }
        default: journal.note(e)
        }
    }
}
