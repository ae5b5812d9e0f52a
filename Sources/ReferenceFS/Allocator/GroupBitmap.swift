/// One block group's free-space bitmap, in clusters (`bitmap_bh` of the group, as the buddy
/// cache sees it: blocks held by preallocations count as used).
public struct GroupBitmap: Sendable, Equatable {
    private var words: [UInt64]
    public let clusters: Int
    public private(set) var freeClusters: Int

    public init(clusters: Int) {
        self.clusters = clusters
        words = [UInt64](repeating: 0, count: (clusters + 63) / 64)
        freeClusters = clusters
        // Clusters past the group's end (a short last group) are never free.
    }

    @inline(__always) public func isUsed(_ c: Int) -> Bool { words[c >> 6] & (1 << UInt64(c & 63)) != 0 }

    public mutating func markUsed(_ r: Range<Int>) {
        for c in r.clamped(to: 0..<clusters) where !isUsed(c) {
            words[c >> 6] |= 1 << UInt64(c & 63)
            freeClusters -= 1
        }
    }

    public mutating func markFree(_ r: Range<Int>) {
        for c in r.clamped(to: 0..<clusters) where isUsed(c) {
            words[c >> 6] &= ~(1 << UInt64(c & 63))
            freeClusters += 1
        }
    }

    /// The first free cluster at or after `c`, if any.
    public func nextFree(from c: Int) -> Int? {
        var c = c
        while c < clusters {
            let w = ~words[c >> 6] >> UInt64(c & 63)
            if w != 0 {
                let f = c + w.trailingZeroBitCount
                return f < clusters ? f : nil
            }
            c = (c | 63) + 1
        }
        return nil
    }

    /// The first used cluster at or after `c`, or `clusters`.
    public func nextUsed(from c: Int) -> Int {
        var c = c
        while c < clusters {
            let w = words[c >> 6] >> UInt64(c & 63)
            if w != 0 { return min(clusters, c + w.trailingZeroBitCount) }
            c = (c | 63) + 1
        }
        return clusters
    }

    /// Free runs in order, from the first free cluster (`mb_find_next_zero_bit` walks).
    public func freeRuns(from start: Int = 0) -> [Range<Int>] {
        var out: [Range<Int>] = []
        var c = start
        while let f = nextFree(from: c) {
            let e = nextUsed(from: f)
            out.append(f..<e)
            c = e
        }
        return out
    }

    /// Whether the aligned buddy `[k << order, (k+1) << order)` is wholly free.
    func isFreeBuddy(_ k: Int, order: Int) -> Bool {
        let start = k << order, end = start + (1 << order)
        guard end <= clusters else { return false }
        guard let f = nextFree(from: start), f == start else { return false }
        return nextUsed(from: start) >= end
    }

    /// The largest order with a wholly free aligned buddy (`bb_largest_free_order`), or -1.
    func largestFreeOrder(maxOrder: Int) -> Int {
        var best = -1
        for run in freeRuns() {
            var o = min(maxOrder, Int.bitWidth - 1 - run.count.leadingZeroBitCount)
            while o > best {
                let first = (run.lowerBound + (1 << o) - 1) >> o
                if (first + 1) << o <= run.upperBound { best = o; break }
                o -= 1
            }
        }
        return best
    }

    /// The first free buddy of the smallest order ≥ `order` that is maximal (its pair is not
    /// free), as the buddy bitmaps hold them: `ext4_mb_simple_scan_group`. Returns its start.
    func firstMaximalBuddy(minOrder order: Int, maxOrder: Int) -> (start: Int, order: Int)? {
        guard order <= maxOrder else { return nil }
        for o in order...maxOrder {
            for run in freeRuns() {
                var k = (run.lowerBound + (1 << o) - 1) >> o
                while (k + 1) << o <= run.upperBound {
                    let pair = k ^ 1
                    let pairFree = o < maxOrder && isFreeBuddy(pair, order: o)
                    if !pairFree { return (k << o, o) }
                    k += 1
                }
            }
        }
        return nil
    }

    public func checkInvariants() {
        let used = words.reduce(0) { $0 + $1.nonzeroBitCount }
        precondition(clusters - used == freeClusters, "free count \(freeClusters) ≠ bitmap \(clusters - used)")
    }
}
