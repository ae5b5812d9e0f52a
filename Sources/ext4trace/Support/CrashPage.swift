import Analyzer
import ReferenceFS

/// `crash --format html`: one self-contained page; per model, a timeline (inline SVG) of commits
/// and data completions, binned per pixel column so it stays linear in the number of points,
/// with each finding's window (its first to last crash point) shaded by kind.
struct CrashPage {
    var reports: [CrashReport]
    var capture: String

    static let width = 900
    static let colors: [CrashViolation.Kind: String] = [.staleData: "#cf222e", .lostFsync: "#8250df", .sizePastData: "#d4a72c"]

    func render() -> String {
        var s = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>ext4trace crash: \(HTML.escape(capture))</title>"
        s += "<style>body{font-family:sans-serif;margin:1.5em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 8px;text-align:right}td:first-child{text-align:left}pre{white-space:pre-wrap}</style></head><body>"
        s += "<h1>Crash states of \(HTML.escape(capture))</h1>"
        s += "<table><tr><th>model</th><th>crash points</th>" + CrashReport.kinds.map { "<th>\($0.rawValue)</th>" }.joined() + "</tr>"
        for r in reports {
            s += "<tr><td>\(HTML.escape(r.model))</td><td>\(r.crashPoints)</td>" + CrashReport.kinds.map { "<td>\(r.counts[$0] ?? 0)</td>" }.joined() + "</tr>"
        }
        s += "</table>"
        let all = reports.flatMap(\.points).map(\.timestampNs)
        let start = all.min() ?? 0, end = max(all.max() ?? 1, start + 1)
        for r in reports {
            s += "<h2>\(HTML.escape(r.model))</h2><p>\(HTML.escape(r.config.summary)); \(r.commits) commits</p>"
            s += timeline(r, start: start, end: end)
            s += "<pre>"
            for f in r.findings.prefix(50) {
                s += HTML.escape("\(f.first.kind.rawValue): inode \(f.first.ino) blocks \(f.first.blocksText) at \(f.first.location), \(f.points) points: \(f.first.explanation)") + "\n"
            }
            s += "</pre>"
        }
        return s + "</body></html>\n"
    }

    /// Commits above the axis, data completions below, both as per-column counts; finding
    /// windows shaded behind them.
    func timeline(_ r: CrashReport, start: UInt64, end: UInt64) -> String {
        let w = Self.width, h = 160, left = 10, plot = w - 20
        let span = Double(end - start)
        func x(_ ns: UInt64) -> Int { left + Int(Double(min(max(ns, start), end) - start) / span * Double(plot - 1)) }
        var commits = [Int](repeating: 0, count: plot), data = [Int](repeating: 0, count: plot)
        for p in r.points {
            let col = x(p.timestampNs) - left
            if p.kind == .commit { commits[col] += 1 } else { data[col] += 1 }
        }
        let most = max(commits.max() ?? 1, data.max() ?? 1, 1)
        var s = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(w)\" height=\"\(h + 20)\" role=\"img\">"
        for f in r.findings.prefix(500) {
            let x0 = x(f.firstNs), x1 = max(x(f.lastNs), x0 + 1)
            s += "<rect x=\"\(x0)\" y=\"0\" width=\"\(x1 - x0)\" height=\"\(h)\" fill=\"\(Self.colors[f.first.kind] ?? "#999")\" fill-opacity=\"0.25\"><title>\(HTML.escape(f.first.kind.rawValue + " inode \(f.first.ino) blocks " + f.first.blocksText))</title></rect>"
        }
        let mid = h / 2
        s += "<line x1=\"\(left)\" y1=\"\(mid)\" x2=\"\(left + plot)\" y2=\"\(mid)\" stroke=\"#444\"/>"
        for col in 0..<plot {
            if commits[col] > 0 {
                let len = max(2, commits[col] * (mid - 4) / most)
                s += "<line x1=\"\(left + col)\" y1=\"\(mid)\" x2=\"\(left + col)\" y2=\"\(mid - len)\" stroke=\"#0969da\"/>"
            }
            if data[col] > 0 {
                let len = max(2, data[col] * (mid - 4) / most)
                s += "<line x1=\"\(left + col)\" y1=\"\(mid)\" x2=\"\(left + col)\" y2=\"\(mid + len)\" stroke=\"#1a7f37\"/>"
            }
        }
        let seconds = Double(end - start) / 1e9
        s += "<text x=\"\(left)\" y=\"\(h + 15)\">0 s</text><text x=\"\(left + plot)\" y=\"\(h + 15)\" text-anchor=\"end\">\(String(Int(seconds * 1000)) ) ms</text>"
        s += "<text x=\"\(left + 4)\" y=\"12\" fill=\"#0969da\">commits</text><text x=\"\(left + 4)\" y=\"\(h - 4)\" fill=\"#1a7f37\">data completions</text>"
        return s + "</svg>"
    }
}
