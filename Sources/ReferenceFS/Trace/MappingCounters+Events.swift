import TraceParser

extension MappingCounters {
    /// Counts one emitted event, by the same names Analyzer's `MappingTracker` counts the
    /// kernel's: `ext4_iomap_buffered_write_begin` and `ext4_iomap_buffered_read_begin` are
    /// `->iomap_begin` calls, `ext4_iomap_map_writeback_range` a writeback mapping call.
    /// `Filesystem.emit` calls this for every event, kept or not, so `ReplayResult.counters`
    /// (what `replay` and `model` print) and a report of the emitted stream (`compare
    /// --model-b`, `diff --model`) count the same calls.
    ///
    /// `ext4_es_lookup_extent_enter` counts `esLookups`, `ext4_allocate_blocks` `allocations`.
    ///
    /// Still counted where the model decides them: `mapBlocksCalls` (`ext4_map_blocks` has no
    /// tracepoint of its own; `ext4_ext_map_blocks_enter` marks only the calls that reach the
    /// extent tree, which `compare` counts as map_blocks) and `unwrittenConversions` (blocks
    /// converted, which no event counts). Whoever makes an event stand for one adds its name
    /// here and deletes the hand count beside the emit, in one change.
    @usableFromInline
    mutating func note(_ name: String) {
        switch name {
        case "ext4_iomap_buffered_write_begin", "ext4_iomap_buffered_read_begin": iomapBeginCalls += 1
        case "ext4_iomap_map_writeback_range": writebackMapCalls += 1
        case "ext4_es_lookup_extent_enter": esLookups += 1
        case "ext4_allocate_blocks": allocations += 1
        default: break
        }
    }

    /// The counts `note` derives from a stream of events (a model's emitted trace).
    public init(counting events: [TraceEvent]) {
        self.init()
        for e in events { note(e.name) }
    }
}
