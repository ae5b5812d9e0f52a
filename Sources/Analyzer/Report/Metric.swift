import TraceParser

/// One named number of a report, the unit of `report`'s tables, `compare`'s rows and the
/// JSON output. `value` is nil where it is undefined (a per-write ratio with no writes).
public struct Metric: Sendable, Equatable {
    public enum Unit: String, Sendable { case count, ratio, bytes, ns, ms }

    /// A stable machine name: `writes`, `map_blocks_per_write`, `latency.ext4_sync_file.p99_ns`.
    public var key: String
    /// What a reader sees: `map_blocks per write`.
    public var label: String
    public var value: Double?
    public var unit: Unit

    public init(_ key: String, _ label: String, _ value: Double?, _ unit: Unit) {
        self.key = key
        self.label = label
        self.value = value
        self.unit = unit
    }

    /// The value as a table cell: counts whole, ratios to two decimals, times in µs or ms.
    public var text: String { Metric.format(value, unit) }

    public static func format(_ value: Double?, _ unit: Unit) -> String {
        guard let v = value, v.isFinite else { return "-" }
        switch unit {
        case .count, .bytes: return v == v.rounded() && abs(v) < 9e18 ? String(Int64(v)) : formatDecimal(v, digits: 2)
        case .ratio: return formatDecimal(v, digits: abs(v) < 1 ? 4 : 2)
        case .ms: return formatDecimal(v, digits: 1) + " ms"
        case .ns: return formatNanoseconds(v)
        }
    }

    /// `1500` → `1.5 µs`, `2_340_000` → `2.34 ms`, `800` → `800 ns`.
    public static func formatNanoseconds(_ ns: Double) -> String {
        if ns < 1000 { return formatDecimal(ns, digits: 0) + " ns" }
        if ns < 1_000_000 { return formatDecimal(ns / 1000, digits: 1) + " µs" }
        if ns < 1_000_000_000 { return formatDecimal(ns / 1_000_000, digits: 2) + " ms" }
        return formatDecimal(ns / 1_000_000_000, digits: 3) + " s"
    }
}
