import TraceParser

/// Block-mapping calls of one inode in one context.
public struct MappingCounts: Sendable, Equatable {
    /// `ext4_map_blocks` reaching the extent tree (`ext4_ext_map_blocks_enter`) or the
    /// indirect map (`ext4_ind_map_blocks_enter`).
    public var mapBlocks = 0
    /// Extent-status tree lookups (`ext4_es_lookup_extent_enter`).
    public var esLookups = 0
    /// `iomap_iter` calls (one per iteration plus the final one that ends the loop).
    public var iomapIter = 0
    /// `->iomap_begin` calls that returned a mapping (`iomap_iter_dstmap`).
    public var iomapBegin = 0
    /// The iomap series' own mapping tracepoints (`ext4_iomap_buffered_write_begin`,
    /// `ext4_iomap_buffered_read_begin`, `ext4_iomap_map_writeback_range`, `ext4_iomap_zero_begin`).
    public var ext4IomapMaps = 0
    /// Of those, writeback's (`ext4_iomap_map_writeback_range`): `->writeback_range` maps
    /// without going through `iomap_iter`, so no `iomap_iter_dstmap` stands for them.
    public var ext4IomapWritebackMaps = 0

    public init() {}

    /// `->iomap_begin` calls, each counted once: on the series' kernel one call prints both
    /// `ext4_iomap_buffered_{write,read}_begin`/`ext4_iomap_zero_begin` (ext4's
    /// `ext4_iomap_buffered_*_begin`) and the generic `iomap_iter_dstmap` (`iomap_iter`); a
    /// trace may hold either or both. Writeback's maps are added, as they have no dstmap.
    public var iomapBeginCalls: Int {
        max(iomapBegin, ext4IomapMaps - ext4IomapWritebackMaps) + ext4IomapWritebackMaps
    }

    /// Calls into a filesystem's mapping code: map_blocks, iomap_begin and writeback's maps.
    public var mappingCalls: Int { mapBlocks + iomapBeginCalls }

    /// Adds one call to its counter.
    mutating func add(_ call: MappingTracker.Call) {
        switch call {
        case .mapBlocks: mapBlocks += 1
        case .esLookup: esLookups += 1
        case .iomapIter: iomapIter += 1
        case .iomapBegin: iomapBegin += 1
        case .ext4IomapWritebackMap: ext4IomapMaps += 1; ext4IomapWritebackMaps += 1
        case .ext4IomapMap: ext4IomapMaps += 1
        }
    }

    mutating func merge(_ o: MappingCounts) {
        mapBlocks += o.mapBlocks
        esLookups += o.esLookups
        iomapIter += o.iomapIter
        iomapBegin += o.iomapBegin
        ext4IomapMaps += o.ext4IomapMaps
        ext4IomapWritebackMaps += o.ext4IomapWritebackMaps
    }
}

/// Counts mapping calls per inode and per context (inside `pwrite64`, inside `pread64`,
/// inside fsync, in the background), from events such as
///
///     xfs_io-3603 [000] ..... 2027.501787: ext4_ext_map_blocks_enter: dev 7,1 ino 12 lblk 0 len 1 flags
///     xfs_io-4601 [000] ..... 2036.573966: iomap_iter_dstmap: dev 7:1 ino 0x83 bdev 7:1 addr 0xffffffffffffffff offset 0x0 length 0x1000 type DELALLOC (0x1) flags NEW|DIRTY (0x3)
struct MappingTracker {
    var counts: [UInt64: [MappingContext: MappingCounts]] = [:]

    static let events: Set<String> = [
        "ext4_ext_map_blocks_enter", "ext4_ind_map_blocks_enter", "ext4_es_lookup_extent_enter",
        "iomap_iter", "iomap_iter_dstmap", "ext4_iomap_buffered_write_begin",
        "ext4_iomap_buffered_read_begin", "ext4_iomap_map_writeback_range", "ext4_iomap_zero_begin",
    ]

    /// Which counter of `MappingCounts` a mapping event adds to.
    enum Call {
        case mapBlocks, esLookup, iomapIter, iomapBegin, ext4IomapWritebackMap, ext4IomapMap
    }

    /// The counter events named `name` add to (nil: not one of `events`).
    static func call(of name: String) -> Call? {
        guard events.contains(name) else { return nil }
        switch name {
        case "ext4_ext_map_blocks_enter", "ext4_ind_map_blocks_enter": return .mapBlocks
        case "ext4_es_lookup_extent_enter": return .esLookup
        case "iomap_iter": return .iomapIter
        case "iomap_iter_dstmap": return .iomapBegin
        case "ext4_iomap_map_writeback_range": return .ext4IomapWritebackMap
        default: return .ext4IomapMap
        }
    }

    /// Counts one mapping call of `ino` in `context`, in place.
    mutating func count(_ call: Call, ino: UInt64, context: MappingContext) {
        counts[ino, default: [:]][context, default: MappingCounts()].add(call)
    }

    /// The series' tracepoints say which path they are on, whether or not the trace holds the
    /// syscall around them (a model's predicted trace has none): a buffered write's or read's
    /// begin, or writeback.
    static func context(of name: String) -> MappingContext? {
        switch name {
        case "ext4_iomap_buffered_write_begin": return .write
        case "ext4_iomap_buffered_read_begin": return .read
        case "ext4_iomap_map_writeback_range": return .background
        default: return nil
        }
    }
}
