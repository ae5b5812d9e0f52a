/// What one logical block of a file is, as the extent status tree sees it (`ext4_es_*` status
/// letters `D`, `U`, `W`; no entry is a hole).
public enum BlockState: Sendable, Equatable {
    case hole
    case delayed
    case unwritten
    case written
}

/// A run of logical blocks in one state; `physical` is the first block's physical address for
/// allocated runs.
public struct BlockRun: Sendable, Equatable {
    public var start: UInt32
    public var length: UInt32
    public var state: BlockState
    public var physical: UInt64?

    public init(start: UInt32, length: UInt32, state: BlockState, physical: UInt64?) {
        self.start = start
        self.length = length
        self.state = state
        self.physical = physical
    }

    public var end: UInt32 { start + length }
}

/// The per-inode block states the iomap paths decide on: a sorted list of non-overlapping,
/// non-hole runs (the part of `struct ext4_es_tree` the series' mapping decisions read).
///
/// Leaves out: the es shrinker, the pending tree (bigalloc), `ext4_es_cache_extent` caching of
/// on-disk extents (every allocated run is always known here).
public struct BlockStateMap: Sendable, Equatable {
    public private(set) var runs: [BlockRun] = []

    public init() {}

    /// The run containing `block`, or the hole around it up to the next run (or `limit`).
    public func run(at block: UInt32, limit: UInt32) -> BlockRun {
        var holeEnd = limit
        for r in runs {
            if r.end <= block { continue }
            if r.start <= block {
                let offset = block - r.start
                return BlockRun(start: block, length: r.length - offset, state: r.state,
                                physical: r.physical.map { $0 + UInt64(offset) })
            }
            holeEnd = min(limit, r.start)
            break
        }
        return BlockRun(start: block, length: max(holeEnd, block + 1) - block, state: .hole, physical: nil)
    }

    /// Sets `[start, start+length)` to `state` (a hole removes the runs), splitting and merging
    /// runs as `ext4_es_insert_extent` / `ext4_es_remove_extent` do.
    public mutating func set(_ start: UInt32, _ length: UInt32, _ state: BlockState, physical: UInt64? = nil) {
        guard length > 0 else { return }
        let end = start + length
        var out: [BlockRun] = []
        out.reserveCapacity(runs.count + 2)
        for r in runs {
            if r.end <= start || r.start >= end { out.append(r); continue }
            if r.start < start {
                out.append(BlockRun(start: r.start, length: start - r.start, state: r.state, physical: r.physical))
            }
            if r.end > end {
                let cut = end - r.start
                out.append(BlockRun(start: end, length: r.end - end, state: r.state,
                                    physical: r.physical.map { $0 + UInt64(cut) }))
            }
        }
        if state != .hole { out.append(BlockRun(start: start, length: length, state: state, physical: physical)) }
        out.sort { $0.start < $1.start }
        runs = Self.merged(out)
    }

    /// Blocks in `state` within `[start, end)`.
    public func count(_ state: BlockState, from start: UInt32 = 0, to end: UInt32 = .max) -> UInt64 {
        var n: UInt64 = 0
        for r in runs where r.state == state {
            let lo = max(r.start, start), hi = min(r.end, end)
            if hi > lo { n += UInt64(hi - lo) }
        }
        return n
    }

    static func merged(_ sorted: [BlockRun]) -> [BlockRun] {
        var out: [BlockRun] = []
        for r in sorted {
            if var last = out.last, last.end == r.start, last.state == r.state,
               contiguous(last, r) {
                last.length += r.length
                out[out.count - 1] = last
            } else {
                out.append(r)
            }
        }
        return out
    }

    static func contiguous(_ a: BlockRun, _ b: BlockRun) -> Bool {
        switch (a.physical, b.physical) {
        case (nil, nil): return true
        case let (x?, y?): return x + UInt64(a.length) == y
        default: return false
        }
    }

    /// Runs are sorted, disjoint, non-empty and maximally merged.
    public func checkInvariants() {
        for (i, r) in runs.enumerated() {
            precondition(r.length > 0 && r.state != .hole, "empty or hole run \(r)")
            if i > 0 {
                let p = runs[i - 1]
                precondition(p.end <= r.start, "overlapping runs \(p) \(r)")
                precondition(!(p.end == r.start && p.state == r.state && Self.contiguous(p, r)), "unmerged runs \(p) \(r)")
            }
        }
    }
}
