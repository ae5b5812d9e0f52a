import TraceParser

extension Comparison {
    /// One table: metric, A, B, B/A, with the two sources named above it.
    public func text() -> String {
        let out = "A: \(a.source)\nB: \(b.source)\n\n"
        var table = TextTable(header: ["metric", "A", "B", "B/A"])
        for r in rows {
            table.add([r.label, Metric.format(r.a, r.unit), Metric.format(r.b, r.unit),
                       r.ratio.map { formatDecimal($0, digits: 2) } ?? "-"])
        }
        return out + table.render()
    }

    /// `{"a": SOURCE, "b": SOURCE, "rows": [{"key", "label", "unit", "a", "b", "ratio"}]}`,
    /// undefined values as null.
    public func json() -> String {
        var w = JSONWriter()
        w.objectStart()
        w.key("a"); w.string(a.source)
        w.key("b"); w.string(b.source)
        w.key("rows"); w.arrayStart()
        for r in rows {
            w.objectStart()
            w.key("key"); w.string(r.key)
            w.key("label"); w.string(r.label)
            w.key("unit"); w.string(r.unit.rawValue)
            for (k, v) in [("a", r.a), ("b", r.b), ("ratio", r.ratio)] {
                w.key(k)
                if let v { w.double(v, digits: 6) } else { w.null() }
            }
            w.objectEnd()
        }
        w.arrayEnd()
        w.objectEnd()
        return String(decoding: w.bytes, as: UTF8.self)
    }
}
