import ReferenceFS
import TraceParser

/// One model's `crash` result, ready for text, JSON or HTML.
struct CrashReport {
    var model: String
    var config: CrashPathConfig
    var whatIfs: [CrashWhatIf]
    var crashPoints: Int
    var commits: Int
    var counts: [CrashViolation.Kind: Int]
    var pessimisticCounts: [CrashViolation.Kind: Int]
    var violations: [CrashViolation]
    var findings: [CrashFinding]
    var points: [CrashPoint]

    init(_ x: CrashExplorer, whatIfs: [CrashWhatIf]) {
        model = x.replayer.path.name
        config = x.config
        self.whatIfs = whatIfs
        crashPoints = x.pointCount
        commits = x.commits.count
        counts = x.counts
        pessimisticCounts = x.pessimisticCounts
        violations = x.violations
        findings = x.findings
        points = x.points
    }

    static let kinds = CrashViolation.Kind.allCases

    /// Counts side by side, then each model's findings with their causal chains.
    static func text(_ reports: [CrashReport]) -> String {
        let header = ["", "crash points"] + kinds.map(\.rawValue)
        var rows: [[String]] = []
        for r in reports {
            let name = r.model + (r.whatIfs.isEmpty ? "" : " (what-if " + r.whatIfs.map(\.rawValue).joined(separator: ",") + ")")
            rows.append([name, "\(r.crashPoints)"] + kinds.map { "\(r.counts[$0] ?? 0)" })
            rows.append(["  pessimistic", ""] + kinds.map { "\(r.pessimisticCounts[$0] ?? 0)" })
        }
        var out = table(header, rows)
        out += "(counts: violations, one per file and kind at each crash point; pessimistic: writes completed after the last flush lost)\n"
        for r in reports {
            out += "\n\(r.model): \(r.config.summary); \(r.commits) commits\n"
            if r.findings.isEmpty { out += "  no violation at any of \(r.crashPoints) crash points\n"; continue }
            for f in r.findings.prefix(20) {
                let v = f.first
                out += "  \(v.kind.rawValue): inode \(v.ino) blocks \(v.blocksText) at point \(v.point) (\(v.location)), \(f.points) point\(f.points == 1 ? "" : "s"):\n    \(v.explanation)\n"
            }
            if r.findings.count > 20 { out += "  ... \(r.findings.count - 20) more findings (--format json lists every violation)\n" }
        }
        return out
    }

    static func table(_ header: [String], _ rows: [[String]]) -> String {
        var widths = header.map(\.count)
        for row in rows { for (i, c) in row.enumerated() { widths[i] = max(widths[i], c.count) } }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, c in
                i == 0 ? c + String(repeating: " ", count: widths[i] - c.count)
                       : String(repeating: " ", count: widths[i] - c.count) + c
            }.joined(separator: "  ") + "\n"
        }
        return line(header) + rows.map(line).joined()
    }

    /// One object per model (`model`, `crash_points`, `counts`, `violations`), an array when
    /// there are several.
    static func json(_ reports: [CrashReport]) -> [UInt8] {
        var w = JSONWriter()
        if reports.count != 1 { w.arrayStart() }
        for r in reports { r.writeJSON(to: &w) }
        if reports.count != 1 { w.arrayEnd() }
        return w.bytes
    }

    func writeJSON(to w: inout JSONWriter) {
        w.objectStart()
        w.key("model"); w.string(model)
        w.key("crash_points"); w.int(crashPoints)
        w.key("counts"); w.objectStart()
        for k in Self.kinds { w.key(k.rawValue); w.int(counts[k] ?? 0) }
        w.objectEnd()
        w.key("violations"); w.arrayStart()
        for v in violations {
            w.objectStart()
            w.key("kind"); w.string(v.kind.rawValue)
            w.key("ino"); w.int(v.ino)
            w.key("blocks"); w.string(v.blocksText)
            w.key("point"); w.int(v.point)
            switch v.location {
            case .line(let n), .record(let n), .offset(let n): w.key("line"); w.int(n)
            case .none: w.key("line"); w.int(0)
            }
            w.key("explanation"); w.string(v.explanation)
            w.objectEnd()
        }
        w.arrayEnd()
        w.objectEnd()
    }
}
