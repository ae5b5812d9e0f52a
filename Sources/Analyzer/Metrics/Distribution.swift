/// A distribution of non-negative integers (latencies in ns, folios per batch) in bounded
/// memory: each value is kept rounded down to three significant decimal digits, so a value
/// the trace printed in whole microseconds below one millisecond (`123000` ns) is kept exactly,
/// and any other within 1%. At most about 900 buckets per decade.
///
///     var d = Distribution()
///     d.add(4_000); d.add(5_000); d.add(1_234_567)
///     d.percentile(50)   // 5000
///     d.max              // 1234567 (min, max and sum are exact)
public struct Distribution: Sendable, Equatable {
    public private(set) var count = 0
    public private(set) var sum: UInt64 = 0
    public private(set) var min: UInt64 = .max
    public private(set) var max: UInt64 = 0
    private var buckets: [UInt64: Int] = [:]

    public init() {}

    public init<S: Sequence>(_ values: S) where S.Element == UInt64 {
        for v in values { add(v) }
    }

    public mutating func add(_ value: UInt64) {
        count += 1
        sum &+= value
        if value < min { min = value }
        if value > max { max = value }
        buckets[Distribution.bucket(value), default: 0] += 1
    }

    public mutating func merge(_ other: Distribution) {
        guard other.count > 0 else { return }
        count += other.count
        sum &+= other.sum
        min = Swift.min(min, other.min)
        max = Swift.max(max, other.max)
        for (k, n) in other.buckets { buckets[k, default: 0] += n }
    }

    public var isEmpty: Bool { count == 0 }

    public var mean: Double { count == 0 ? 0 : Double(sum) / Double(count) }

    /// The nearest-rank percentile `p` (0...100): the smallest kept value with at least
    /// `p`% of the values at or below it, clamped to the exact min and max.
    public func percentile(_ p: Double) -> UInt64 {
        guard count > 0 else { return 0 }
        if p >= 100 { return max }
        let rank = Swift.max(1, Int((p / 100 * Double(count)).rounded(.up)))
        var seen = 0
        for key in buckets.keys.sorted() {
            seen += buckets[key] ?? 0
            if seen >= rank { return Swift.min(Swift.max(key, min), max) }
        }
        return max
    }

    /// Counts per range of a 1-2-5 sequence (`[1000, 2000)`, `[2000, 5000)`, `[5000, 10000)`,
    /// ...; the first range starts at 0), from the smallest to the largest occupied range,
    /// empty ranges in between included.
    public func histogram() -> [(lowerBound: UInt64, upperBound: UInt64, count: Int)] {
        guard count > 0 else { return [] }
        var edges: [UInt64] = [0, 1]
        while edges[edges.count - 1] <= max {
            let last = edges[edges.count - 1]
            let (next, overflow) = Distribution.leadingDigit(last) == 2
                ? (last / 2).multipliedReportingOverflow(by: 5) : last.multipliedReportingOverflow(by: 2)
            if overflow { edges.append(.max); break }
            edges.append(next)
        }
        var counts = [Int](repeating: 0, count: edges.count - 1)
        for (key, n) in buckets {
            var i = 0
            while i + 1 < edges.count - 1 && key >= edges[i + 1] { i += 1 }
            counts[i] += n
        }
        let first = counts.firstIndex { $0 > 0 } ?? 0
        let last = counts.lastIndex { $0 > 0 } ?? 0
        return (first...last).map { (edges[$0], edges[$0 + 1], counts[$0]) }
    }

    static func leadingDigit(_ v: UInt64) -> UInt64 {
        var x = v
        while x >= 10 { x /= 10 }
        return x
    }

    /// `floor(log2(v))`, with 0 and 1 both in range 0.
    static func exponent(_ v: UInt64) -> Int { v <= 1 ? 0 : 63 - v.leadingZeroBitCount }

    /// `v` rounded down to three significant decimal digits.
    static func bucket(_ v: UInt64) -> UInt64 {
        guard v >= 1000 else { return v }
        var scale: UInt64 = 1
        var x = v
        while x >= 1000 { x /= 10; scale *= 10 }
        return x * scale
    }
}
