import TraceParser

/// The `report --html` page: the report's tables plus inline SVG charts (mapping calls per
/// write for each inode and context, journal commits over time, latency histograms).
/// Self-contained and script-free; every string from the trace is escaped.
public struct ReportPage {
    public var report: OverheadReport

    public init(report: OverheadReport) { self.report = report }

    public func render() -> String {
        let r = report
        var body = "<h1>ext4trace report</h1>\n<p class=\"meta\"><code>\(HTML.escape(r.source))</code><br>"
        body += HTML.escape(r.headline()).replacingNewlines(with: "<br>") + "</p>\n"
        body += "<h2 id=\"inodes\">Per inode</h2>\n" + inodeTable()
        body += sizesTable()
        body += "<h2 id=\"mapping\">Mapping calls per write</h2>\n<div class=\"charts\">" + mappingCharts() + "</div>\n"
        body += "<h2 id=\"journal\">Journal and block I/O</h2>\n"
        if r.commits.isEmpty {
            body += "<p>No jbd2 commits in this trace.</p>\n"
        } else {
            body += "<div class=\"charts\"><figure><figcaption>journal blocks logged per commit</figcaption>"
            body += SVGChart.timeline(r.commits.map { ($0.timestampNs, Double($0.blocksLogged)) },
                                      startNs: r.firstTimestampNs ?? 0, yLabel: "blocks logged") + "</figure></div>\n"
        }
        body += ReportPage.metricTable(r.globalMetrics, header: ["metric", "value"])
        body += "<p>Journal area: \(HTML.escape(r.blockIO.journalArea))</p>\n"
        body += "<h2 id=\"latency\">Latency</h2>\n" + latencySection()
        body += "<h2 id=\"tasks\">Busiest tasks</h2>\n" + taskTable()
        return HTMLPage(title: "ext4trace report: \(r.source)", body: body).render()
    }

    func inodeTable() -> String {
        let shown = report.busiestInodes
        let columns = shown.map { report.metrics(of: $0) } + [report.metrics(of: report.total)]
        var s = "<table><tr><th></th>"
        for i in shown { s += "<th>\(HTML.escape(report.columnLabel(i)))</th>" }
        s += "<th>total</th></tr>\n"
        var group = ""
        for key in report.orderedKeys(columns) {
            let g = ReportPage.group(of: key)
            if g != group {
                group = g
                s += "<tr><th colspan=\"\(columns.count + 1)\">\(g)</th></tr>\n"
            }
            let label = columns.lazy.compactMap { $0.first { $0.key == key }?.label }.first ?? key
            let sub = label.hasPrefix("  ")
            s += "<tr><td\(sub ? " class=\"sub\"" : "")>\(HTML.escape(label.trimmingLeadingSpaces()))</td>"
            for col in columns { s += "<td>\(HTML.escape(col.first { $0.key == key }?.text ?? "-"))</td>" }
            s += "</tr>\n"
        }
        s += "</table>\n"
        if report.inodes.count > shown.count {
            s += "<p>\(report.inodes.count - shown.count) quieter inodes not shown (the JSON report lists all).</p>\n"
        }
        return s
    }

    /// The section a per-inode metric belongs to in the table.
    static func group(of key: String) -> String {
        if ["writes", "bytes_written", "reads", "bytes_read"].contains(key) { return "System calls" }
        if key.hasPrefix("writepages") || key.hasPrefix("writeback") || key.hasPrefix("folios") || key.hasPrefix("extents") { return "Writeback" }
        if key.hasPrefix("unwritten") || key.hasPrefix("converted") || key.hasPrefix("ext_convert") || key.hasPrefix("iomap_unwritten") { return "Unwritten conversions" }
        if key.contains("handle") || key.hasPrefix("credits") || key.hasPrefix("dirtied") { return "Journal handles" }
        return "Mapping"
    }

    func sizesTable() -> String {
        var rows: [[String]] = []
        for (name, sizes) in [("write", report.total.writes), ("read", report.total.reads)] {
            for (size, n) in sizes.bySize.sorted(by: { $0.key < $1.key }) { rows.append([name, String(size), String(n)]) }
        }
        guard !rows.isEmpty else { return "" }
        return "<h3>Calls by size</h3>\n" + ReportPage.table(header: ["call", "bytes", "calls"], rows: rows)
    }

    func mappingCharts() -> String {
        var s = ""
        for i in report.busiestInodes where i.writes.calls > 0 {
            let m = i.mappingInWrites, w = Double(i.writes.calls)
            let bars = [("map_blocks", m.mapBlocks), ("es lookups", m.esLookups), ("iomap_begin", m.iomapBeginCalls), ("iomap_iter", m.iomapIter)]
                .map { SVGChart.Bar(label: $0.0, value: Double($0.1) / w, valueText: formatDecimal(Double($0.1) / w, digits: 2)) }
            s += "<figure><figcaption>ino \(i.ino ?? 0): per pwrite64 (\(i.writes.calls) writes)</figcaption>\(SVGChart.bars(bars))</figure>\n"
        }
        let contexts = MappingContext.allCases.map { c -> SVGChart.Bar in
            let n = report.total.mapping[c]?.mappingCalls ?? 0
            return SVGChart.Bar(label: c.label, value: Double(n), valueText: String(n))
        }
        s += "<figure><figcaption>mapping calls by context (all inodes)</figcaption>\(SVGChart.bars(contexts))</figure>\n"
        return s
    }

    func latencySection() -> String {
        var rows: [[String]] = []
        for name in report.latencyNames {
            guard let d = report.latencies[name] else { continue }
            rows.append([name, String(d.count)] + [50.0, 90, 99].map { Metric.formatNanoseconds(Double(d.percentile($0))) }
                        + [Metric.formatNanoseconds(Double(d.max))])
        }
        for phase in CommitRecord.phaseNames {
            guard let d = report.commitPhasesMs[phase], d.count > 0 else { continue }
            rows.append(["jbd2 \(phase) (run_stats)", String(d.count)] + [50.0, 90, 99].map { "\(d.percentile($0)) ms" } + ["\(d.max) ms"])
        }
        guard !rows.isEmpty else { return "<p>No enter/exit pairs in this trace.</p>\n" }
        var s = ReportPage.table(header: ["operation", "calls", "p50", "p90", "p99", "max"], rows: rows)
        s += "<div class=\"charts\">"
        for name in report.latencyNames {
            guard let d = report.latencies[name], d.count > 1 else { continue }
            let bars = d.histogram().map {
                SVGChart.Bar(label: "\(Metric.formatNanoseconds(Double($0.lowerBound))) – \(Metric.formatNanoseconds(Double($0.upperBound)))",
                             value: Double($0.count), valueText: String($0.count))
            }
            s += "<figure><figcaption>\(HTML.escape(name)) (\(d.count) calls)</figcaption>\(SVGChart.bars(bars, color: "#8250df"))</figure>\n"
        }
        return s + "</div>\n"
    }

    func taskTable() -> String {
        ReportPage.table(header: ["task", "pid", "events"],
                         rows: report.tasks.prefix(20).map { [$0.comm, String($0.pid), String($0.events)] })
    }

    /// A table whose cells are all escaped.
    static func table(header: [String], rows: [[String]]) -> String {
        var s = "<table><tr>" + header.map { "<th>\(HTML.escape($0))</th>" }.joined() + "</tr>\n"
        for row in rows { s += "<tr>" + row.map { "<td>\(HTML.escape($0))</td>" }.joined() + "</tr>\n" }
        return s + "</table>\n"
    }

    static func metricTable(_ metrics: [Metric], header: [String]) -> String {
        table(header: header, rows: metrics.map { [$0.label, $0.text] })
    }
}

extension String {
    func replacingNewlines(with s: String) -> String {
        split(separator: "\n", omittingEmptySubsequences: false).joined(separator: s)
    }

    func trimmingLeadingSpaces() -> String { String(drop { $0 == " " }) }
}
