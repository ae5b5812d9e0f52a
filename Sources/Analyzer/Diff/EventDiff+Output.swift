import TraceParser

extension EventDiff {
    /// A score table per kind, then one line per discrepancy:
    ///
    ///     line 134: handle differs, type EXT_CONVERT: expected requested_blocks 18 dirtied_blocks 1, observed requested_blocks 18 dirtied_blocks 0
    public func text(expectedSource: String, observedSource: String) -> String {
        var out = "expected: \(expectedSource)\nobserved: \(observedSource)\n\n"
        var table = TextTable(header: ["kind", "expected", "observed", "agreeing", "agreement"])
        for kind in Fact.Kind.allCases {
            guard let s = scores[kind] else { continue }
            table.add([kind.rawValue, String(s.expected), String(s.observed), String(s.agreeing),
                       unpredictedKinds.contains(kind) ? "not predicted" : s.agreement.map { formatDecimal($0, digits: 3) } ?? "-"])
        }
        out += table.render()
        out += "\n\(discrepancies.count) discrepancies\n"
        for d in discrepancies { out += EventDiff.line(d) + "\n" }
        return out
    }

    static func line(_ d: Discrepancy) -> String {
        // A final extent's place is a line of the extents file (debugfs ex), not of the trace.
        var s = ""
        if let p = d.position, p != .none {
            s = (d.kind == .finalExtents ? "extents " : "") + "\(p): "
        } else if let p = d.expectedPosition, p != .none {
            s = "(expected at \(p)) "
        }
        s += "\(d.kind.rawValue) \(d.problem.rawValue)"
        if let ino = d.ino { s += ", ino \(ino)" }
        s += ", \(d.key)"
        switch d.problem {
        case .differs: s += ": expected \(d.expected ?? ""), observed \(d.observed ?? "")"
        case .missing: s += ": expected \(d.expected ?? ""), not observed"
        case .unexpected: s += ": observed \(d.observed ?? ""), not expected"
        }
        return s
    }

    /// `{"summary": {KIND: {"expected", "observed", "agreeing", "predicted", "agreement"}}, "discrepancies":
    /// [{"kind", "problem", "ino", "lblk", "key", "expected", "observed", "line"}]}` — `line`
    /// (text input) or `record` (trace.dat) is the observed event's; a missing decision has
    /// `expected_line` instead, its place in the predicted trace.
    public func json() -> String {
        var w = JSONWriter()
        w.objectStart()
        w.key("summary"); w.objectStart()
        for kind in Fact.Kind.allCases {
            guard let s = scores[kind] else { continue }
            w.key(kind.rawValue); w.objectStart()
            w.key("expected"); w.int(s.expected)
            w.key("observed"); w.int(s.observed)
            w.key("agreeing"); w.int(s.agreeing)
            w.key("predicted"); w.bool(!unpredictedKinds.contains(kind))
            w.key("agreement"); if let a = s.agreement, !unpredictedKinds.contains(kind) { w.double(a, digits: 6) } else { w.null() }
            w.objectEnd()
        }
        w.objectEnd()
        w.key("discrepancies"); w.arrayStart()
        for d in discrepancies {
            w.objectStart()
            w.key("kind"); w.string(d.kind.rawValue)
            w.key("problem"); w.string(d.problem.rawValue)
            w.key("ino"); if let ino = d.ino { w.int(ino) } else { w.null() }
            w.key("lblk"); if let l = d.lblk { w.int(l) } else { w.null() }
            w.key("key"); w.string(d.key)
            w.key("expected"); if let x = d.expected { w.string(x) } else { w.null() }
            w.key("observed"); if let x = d.observed { w.string(x) } else { w.null() }
            EventDiff.writePosition(d.position, prefix: "", to: &w)
            EventDiff.writePosition(d.expectedPosition, prefix: "expected_", to: &w)
            w.objectEnd()
        }
        w.arrayEnd()
        w.objectEnd()
        return String(decoding: w.bytes, as: UTF8.self)
    }

    static func writePosition(_ p: SourceLocation?, prefix: String, to w: inout JSONWriter) {
        switch p {
        case .line(let n): w.key(prefix + "line"); w.int(n)
        case .record(let n): w.key(prefix + "record"); w.int(n)
        case .offset(let n): w.key(prefix + "offset"); w.int(n)
        case .some(.none), nil: break
        }
    }
}
