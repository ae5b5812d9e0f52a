import TraceParser

/// The `compare --html` page: the comparison table (B/A above 1.1 in red, below 0.9 in green),
/// and paired bars for the per-write and per-MiB costs.
public struct ComparePage {
    public var comparison: Comparison

    public init(comparison: Comparison) { self.comparison = comparison }

    public func render() -> String {
        let c = comparison
        var body = "<h1>ext4trace compare</h1>\n<p class=\"meta\">A: <code>\(HTML.escape(c.a.source))</code><br>"
        body += "B: <code>\(HTML.escape(c.b.source))</code></p>\n"
        body += "<h2>Costs per write and per MiB</h2>\n<div class=\"charts\">"
        for (title, suffix) in [("per pwrite64", "_per_write"), ("per MiB written or read", "_per_mib")] {
            let rows = c.rows.filter { $0.key.hasSuffix(suffix) }
            body += "<figure><figcaption>\(title)</figcaption>" + SVGChart.pairedBars(rows.map { r in
                (r.label, r.a ?? 0, r.b ?? 0, Metric.format(r.a, r.unit), Metric.format(r.b, r.unit))
            }, plotWidth: 240) + "</figure>"
        }
        body += "</div>\n"
        let latency = c.rows.filter { $0.key.hasPrefix("latency.") && $0.key.hasSuffix(".p50_ns") }
        if !latency.isEmpty {
            body += "<h2>Median latencies</h2>\n" + SVGChart.pairedBars(latency.map { r in
                (r.label, r.a ?? 0, r.b ?? 0, Metric.format(r.a, r.unit), Metric.format(r.b, r.unit))
            }) + "\n"
        }
        body += "\n<h2>All metrics</h2>\n<table><tr><th>metric</th><th>A</th><th>B</th><th>B/A</th></tr>\n"
        for r in c.rows {
            let ratio = r.ratio
            let cls = ratio.map { $0 > 1.1 ? " class=\"up\"" : $0 < 0.9 ? " class=\"down\"" : "" } ?? ""
            body += "<tr><td>\(HTML.escape(r.label.trimmingLeadingSpaces()))</td><td>\(HTML.escape(Metric.format(r.a, r.unit)))</td>"
            body += "<td>\(HTML.escape(Metric.format(r.b, r.unit)))</td><td\(cls)>\(ratio.map { formatDecimal($0, digits: 2) } ?? "-")</td></tr>\n"
        }
        body += "</table>\n<p>B/A above 1.1 is shown in red, below 0.9 in green: neither is good or bad by itself.</p>\n"
        return HTMLPage(title: "ext4trace compare", body: body).render()
    }
}
