/// Two reports side by side, metric by metric: A, B and B/A. The sides are any two reports —
/// two captures, or a capture and a model's prediction of the same operations (ModelRuns'
/// `ModelRun.report`).
public struct Comparison: Sendable {
    public struct Row: Sendable, Equatable {
        public var key: String
        public var label: String
        public var unit: Metric.Unit
        public var a: Double?
        public var b: Double?

        /// B/A, or nil when A is zero or either is undefined.
        public var ratio: Double? {
            guard let a, let b, a != 0 else { return nil }
            return b / a
        }
    }

    public var a: OverheadReport
    public var b: OverheadReport
    public var rows: [Row]

    /// Rows for every total metric either side has, in A's order then B's extras; rows that
    /// are zero or undefined on both sides are left out.
    public init(a: OverheadReport, b: OverheadReport) {
        self.a = a
        self.b = b
        let ma = a.allMetrics, mb = b.allMetrics
        var order: [String] = []
        var seen = Set<String>()
        for m in ma + mb where seen.insert(m.key).inserted { order.append(m.key) }
        let byKeyA = Dictionary(ma.map { ($0.key, $0) }, uniquingKeysWith: { x, _ in x })
        let byKeyB = Dictionary(mb.map { ($0.key, $0) }, uniquingKeysWith: { x, _ in x })
        rows = order.compactMap { key in
            guard let m = byKeyA[key] ?? byKeyB[key] else { return nil }
            let row = Row(key: key, label: m.label, unit: m.unit, a: byKeyA[key]?.value, b: byKeyB[key]?.value)
            let meaningless = (row.a ?? 0) == 0 && (row.b ?? 0) == 0
            return meaningless ? nil : row
        }
    }

    public func row(_ key: String) -> Row? { rows.first { $0.key == key } }
}
