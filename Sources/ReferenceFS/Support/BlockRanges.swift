/// A set of block (or page) numbers held as sorted, disjoint, non-adjacent half-open ranges.
///
/// Sequential use (append at the end, remove from the front) is O(1) amortised; a random insert
/// is O(ranges). Used for delayed-allocation blocks, dirty folios and cached folios.
public struct BlockRanges: Sendable, Equatable {
    /// Sorted, disjoint, non-adjacent `[lower, upper)` ranges.
    public private(set) var ranges: [Range<UInt64>] = []

    public init() {}

    public var isEmpty: Bool { ranges.isEmpty }
    public var count: UInt64 { ranges.reduce(0) { $0 + UInt64($1.count) } }

    /// The index of the first range whose upper bound is > `x`.
    @inline(__always) func firstIndex(endingAfter x: UInt64) -> Int {
        if let last = ranges.last, last.upperBound <= x { return ranges.count }
        var lo = 0, hi = ranges.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if ranges[mid].upperBound <= x { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    public func contains(_ x: UInt64) -> Bool {
        let i = firstIndex(endingAfter: x)
        return i < ranges.count && ranges[i].lowerBound <= x
    }

    /// Whether any member lies in `r`.
    public func intersects(_ r: Range<UInt64>) -> Bool {
        guard !r.isEmpty else { return false }
        let i = firstIndex(endingAfter: r.lowerBound)
        return i < ranges.count && ranges[i].lowerBound < r.upperBound
    }

    public mutating func insert(_ r: Range<UInt64>) {
        guard !r.isEmpty else { return }
        if let last = ranges.last, last.upperBound <= r.lowerBound {
            if last.upperBound == r.lowerBound { ranges[ranges.count - 1] = last.lowerBound..<r.upperBound }
            else { ranges.append(r) }
            return
        }
        // First range touching or after r (upper >= r.lower), last range touching (lower <= r.upper).
        var i = firstIndex(endingAfter: r.lowerBound)
        if i > 0 && ranges[i - 1].upperBound == r.lowerBound { i -= 1 }
        var j = i
        var lower = r.lowerBound, upper = r.upperBound
        while j < ranges.count && ranges[j].lowerBound <= upper {
            lower = min(lower, ranges[j].lowerBound)
            upper = max(upper, ranges[j].upperBound)
            j += 1
        }
        ranges.replaceSubrange(i..<j, with: [lower..<upper])
    }

    public mutating func remove(_ r: Range<UInt64>) {
        guard !r.isEmpty else { return }
        var i = firstIndex(endingAfter: r.lowerBound)
        var replacement: [Range<UInt64>] = []
        let start = i
        while i < ranges.count && ranges[i].lowerBound < r.upperBound {
            let x = ranges[i]
            if x.lowerBound < r.lowerBound { replacement.append(x.lowerBound..<r.lowerBound) }
            if x.upperBound > r.upperBound { replacement.append(r.upperBound..<x.upperBound) }
            i += 1
        }
        if start < i { ranges.replaceSubrange(start..<i, with: replacement) }
    }

    /// The members inside `r`, as ranges clipped to `r`.
    public func ranges(in r: Range<UInt64>) -> [Range<UInt64>] {
        var out: [Range<UInt64>] = []
        var i = firstIndex(endingAfter: r.lowerBound)
        while i < ranges.count && ranges[i].lowerBound < r.upperBound {
            out.append(max(ranges[i].lowerBound, r.lowerBound)..<min(ranges[i].upperBound, r.upperBound))
            i += 1
        }
        return out
    }

    /// The first member ≥ `x`, if any.
    public func first(atOrAfter x: UInt64) -> UInt64? {
        let i = firstIndex(endingAfter: x)
        guard i < ranges.count else { return nil }
        return max(ranges[i].lowerBound, x)
    }

    /// Ranges sorted, disjoint, non-adjacent and non-empty.
    public func checkInvariants() {
        for (k, r) in ranges.enumerated() {
            precondition(!r.isEmpty, "empty range")
            if k > 0 { precondition(ranges[k - 1].upperBound < r.lowerBound, "ranges overlap or touch") }
        }
    }
}
