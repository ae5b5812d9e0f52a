import TraceParser

/// Inline SVG charts: plain shapes and text, readable without scripts, every label escaped.
enum SVGChart {
    struct Bar { var label: String; var value: Double; var valueText: String }

    /// Horizontal bars, one per row, the label on the left and the value at the bar's end.
    static func bars(_ bars: [Bar], plotWidth: Int = 260, color: String = "#0969da") -> String {
        guard !bars.isEmpty else { return "<p>(no data)</p>" }
        let rowHeight = 18, valueWidth = 70
        let labelWidth = max(60, (bars.map(\.label.count).max() ?? 0) * 6 + 12)
        let width = labelWidth + plotWidth + valueWidth
        let plot = Double(plotWidth)
        let most = max(bars.map(\.value).max() ?? 1, 1e-9)
        let height = bars.count * rowHeight + 4
        var s = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" role=\"img\">"
        for (i, bar) in bars.enumerated() {
            let y = i * rowHeight + 2
            let w = bar.value <= 0 ? 0 : max(1, plot * bar.value / most)
            s += "<text x=\"\(labelWidth - 6)\" y=\"\(y + 13)\" text-anchor=\"end\">\(HTML.escape(bar.label))</text>"
            s += "<rect x=\"\(labelWidth)\" y=\"\(y + 2)\" width=\"\(formatDecimal(w, digits: 1))\" height=\"\(rowHeight - 5)\" fill=\"\(color)\"/>"
            s += "<text x=\"\(formatDecimal(Double(labelWidth) + w + 4, digits: 1))\" y=\"\(y + 13)\">\(HTML.escape(bar.valueText))</text>"
        }
        return s + "</svg>"
    }

    /// Paired horizontal bars (A above B) per row, for comparisons.
    static func pairedBars(_ rows: [(label: String, a: Double, b: Double, aText: String, bText: String)], plotWidth: Int = 360) -> String {
        guard !rows.isEmpty else { return "<p>(no data)</p>" }
        let rowHeight = 30, valueWidth = 80
        let labelWidth = max(60, (rows.map(\.label.count).max() ?? 0) * 6 + 12)
        let width = labelWidth + plotWidth + valueWidth
        let plot = Double(plotWidth)
        let most = max(rows.map { max($0.a, $0.b) }.max() ?? 1, 1e-9)
        var s = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(rows.count * rowHeight + 24)\" role=\"img\">"
        s += "<rect x=\"\(labelWidth)\" y=\"2\" width=\"10\" height=\"10\" fill=\"#0969da\"/><text x=\"\(labelWidth + 14)\" y=\"11\">A</text>"
        s += "<rect x=\"\(labelWidth + 40)\" y=\"2\" width=\"10\" height=\"10\" fill=\"#bf8700\"/><text x=\"\(labelWidth + 54)\" y=\"11\">B</text>"
        for (i, r) in rows.enumerated() {
            let y = i * rowHeight + 20
            s += "<text x=\"\(labelWidth - 6)\" y=\"\(y + 16)\" text-anchor=\"end\">\(HTML.escape(r.label))</text>"
            for (j, (v, text, color)) in [(r.a, r.aText, "#0969da"), (r.b, r.bText, "#bf8700")].enumerated() {
                let w = v <= 0 ? 0 : max(1, plot * v / most)
                let by = y + 2 + j * 12
                s += "<rect x=\"\(labelWidth)\" y=\"\(by)\" width=\"\(formatDecimal(w, digits: 1))\" height=\"10\" fill=\"\(color)\"/>"
                s += "<text x=\"\(formatDecimal(Double(labelWidth) + w + 4, digits: 1))\" y=\"\(by + 9)\">\(HTML.escape(text))</text>"
            }
        }
        return s + "</svg>"
    }

    /// Points over time as stems: x is seconds from the first point, y the value.
    static func timeline(_ points: [(tNs: UInt64, value: Double)], startNs: UInt64, yLabel: String,
                         width: Int = 700, height: Int = 200) -> String {
        guard !points.isEmpty else { return "<p>(no data)</p>" }
        let left = 50.0, bottom = 30.0, top = 10.0, right = 15.0
        let plotW = Double(width) - left - right, plotH = Double(height) - bottom - top
        let span = max(Double((points.map(\.tNs).max() ?? startNs) &- startNs), 1)
        let most = max(points.map(\.value).max() ?? 1, 1)
        var s = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" role=\"img\">"
        let x0 = formatDecimal(left, digits: 1), y0 = formatDecimal(top + plotH, digits: 1)
        s += "<line x1=\"\(x0)\" y1=\"\(formatDecimal(top, digits: 1))\" x2=\"\(x0)\" y2=\"\(y0)\" stroke=\"#57606a\"/>"
        s += "<line x1=\"\(x0)\" y1=\"\(y0)\" x2=\"\(formatDecimal(left + plotW, digits: 1))\" y2=\"\(y0)\" stroke=\"#57606a\"/>"
        s += "<text x=\"\(formatDecimal(left - 4, digits: 1))\" y=\"\(formatDecimal(top + 8, digits: 1))\" text-anchor=\"end\">\(formatDecimal(most, digits: 1))</text>"
        s += "<text x=\"\(formatDecimal(left - 4, digits: 1))\" y=\"\(y0)\" text-anchor=\"end\">0</text>"
        s += "<text x=\"\(x0)\" y=\"\(height - 8)\">0 s</text>"
        s += "<text x=\"\(formatDecimal(left + plotW, digits: 1))\" y=\"\(height - 8)\" text-anchor=\"end\">\(formatDecimal(span / 1e9, digits: 4)) s</text>"
        s += "<text x=\"\(formatDecimal(left + plotW / 2, digits: 1))\" y=\"\(height - 8)\" text-anchor=\"middle\">\(HTML.escape(yLabel)) over time</text>"
        for p in points {
            let x = left + plotW * Double(p.tNs &- startNs) / span
            let y = top + plotH * (1 - p.value / most)
            s += "<line x1=\"\(formatDecimal(x, digits: 1))\" y1=\"\(y0)\" x2=\"\(formatDecimal(x, digits: 1))\" y2=\"\(formatDecimal(y, digits: 1))\" stroke=\"#0969da\"/>"
            s += "<circle cx=\"\(formatDecimal(x, digits: 1))\" cy=\"\(formatDecimal(y, digits: 1))\" r=\"3\" fill=\"#0969da\"/>"
        }
        return s + "</svg>"
    }
}
