/// How often the model's ext4 looked up and changed block mappings.
public struct MappingCounters: Sendable, Equatable {
    /// `ext4_map_blocks` calls (lookups and allocations).
    public var mapBlocksCalls = 0
    /// `ext4_es_lookup_extent` calls.
    public var esLookups = 0
    /// `ext4_iomap_*_begin` calls (the iomap paths).
    public var iomapBeginCalls = 0
    /// Mapping calls made by writeback (`mpage_map_one_extent`, `ext4_iomap_map_writeback_range`).
    public var writebackMapCalls = 0
    /// Unwritten extents converted at I/O completion.
    public var unwrittenConversions = 0
    /// `ext4_mb_new_blocks` calls that handed out blocks.
    public var allocations = 0

    public init() {}
}
