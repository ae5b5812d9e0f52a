import TraceParser

extension MappingCounters {
    /// Counts one emitted event, by the same names Analyzer's `MappingTracker` counts the
    /// kernel's: `ext4_iomap_buffered_write_begin` and `ext4_iomap_buffered_read_begin` are
    /// `->iomap_begin` calls, `ext4_iomap_map_writeback_range` a writeback mapping call.
    /// `Filesystem.emit` calls this for every event, kept or not, so `ReplayResult.counters`
    /// (what `replay` and `model` print) and a report of the emitted stream (`compare
    /// --model-b`, `diff --model`) count the same calls.
    ///
    /// `mapBlocksCalls`, `esLookups`, `allocations` and `unwrittenConversions` are still counted
    /// where the model decides them: the model does not emit `ext4_ext_map_blocks_enter`,
    /// `ext4_es_lookup_extent_enter` and the allocation events yet (issue 16). Whoever makes it
    /// emit one adds its name here and deletes the hand count beside the emit, in one change.
    @usableFromInline
    mutating func note(_ name: String) {
        switch name {
        case "ext4_iomap_buffered_write_begin", "ext4_iomap_buffered_read_begin": iomapBeginCalls += 1
        case "ext4_iomap_map_writeback_range": writebackMapCalls += 1
        default: break
        }
    }

    /// The counts `note` derives from a stream of events (a model's emitted trace).
    public init(counting events: [TraceEvent]) {
        self.init()
        for e in events { note(e.name) }
    }
}
