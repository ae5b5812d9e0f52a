/// The figures `model` sets beside the captured kernel's.
extension ReplayResult {
    /// Block-mapping calls on the write path: `->iomap_begin` calls on the iomap paths; on
    /// buffer_head the blocks `ext4_da_get_block_prep` mapped (one `ext4_map_blocks` per
    /// block), which the counters hold only as the `ext4_map_blocks` calls left once
    /// writeback's and the conversions' are taken away.
    ///
    /// Leaves out: a direct count. Once the counters are derived from the model's emitted
    /// events, this is the model's `ext4_es_insert_delayed_extent` count, as for the kernel.
    public var writeMappingCalls: Int {
        model == "buffer_head"
            ? max(0, counters.mapBlocksCalls - counters.writebackMapCalls - counters.unwrittenConversions)
            : counters.iomapBeginCalls
    }

    /// `handlesByType` keyed by the traced type number, as `JournalStatistics` counts the kernel's.
    public var handlesByTypeNumber: [Int: Int] {
        Dictionary(uniqueKeysWithValues: handlesByType.map { ($0.key.rawValue, $0.value) })
    }
}
