import Analyzer
import TraceParser

/// `diff --model`: the analyzer's `EventDiff` of a model's prediction against a capture,
/// limited to the kinds of decision the model predicts.
///
/// ReferenceFS's journal predicts every handle (`jbd2_handle_stats`) and commit
/// (`jbd2_run_stats`) under each model; the iomap and delay-map paths also predict the
/// series' mapping calls (`ext4_iomap_*`). No model emits `ext4_ext_map_blocks_exit`,
/// extent-status or `ext4_allocate_blocks` events, so the capture's events of those kinds are
/// counted as "not predicted" rather than listed one by one as unexpected.
struct ModelDiff {
    var model: String
    var diff: EventDiff
    /// Observed facts of kinds the model does not predict, by kind.
    var notPredicted: [Fact.Kind: Int]

    static func predictedKinds(_ model: String) -> Set<Fact.Kind> {
        model == "buffer_head" ? [.handle, .commit] : [.iomapMapping, .handle, .commit]
    }

    init(model: String, expected: [Fact], observed: [Fact]) {
        self.model = model
        let kinds = Self.predictedKinds(model)
        var left: [Fact.Kind: Int] = [:]
        for f in observed where !kinds.contains(f.kind) { left[f.kind, default: 0] += 1 }
        notPredicted = left
        diff = EventDiff(expected: expected.filter { kinds.contains($0.kind) },
                         observed: observed.filter { kinds.contains($0.kind) })
    }

    var isEmpty: Bool { diff.isEmpty }

    /// `map_blocks 11, extent_status 17, allocation 2`.
    var notPredictedText: String {
        Fact.Kind.allCases.compactMap { k in notPredicted[k].map { "\(k.rawValue) \($0)" } }.joined(separator: ", ")
    }

    func text(observedSource: String) -> String {
        var out = diff.text(expectedSource: "model:\(model)", observedSource: observedSource)
        guard !notPredicted.isEmpty else { return out }
        // Under the score table, before the discrepancy count.
        let note = "not predicted by \(model), not compared (observed): \(notPredictedText)\n"
        if let r = out.firstRange(of: "\n\(diff.discrepancies.count) discrepancies\n") {
            out.insert(contentsOf: note, at: r.lowerBound)
        } else {
            out += note
        }
        return out
    }

    /// EventDiff's JSON with `model` and `not_predicted` (`{KIND: observed count}`) first.
    func json() -> String {
        var w = JSONWriter()
        w.objectStart()
        w.key("model"); w.string(model)
        w.key("not_predicted"); w.objectStart()
        for k in Fact.Kind.allCases { if let n = notPredicted[k] { w.key(k.rawValue); w.int(n) } }
        w.objectEnd()
        let head = String(decoding: w.bytes, as: UTF8.self)
        return head + "," + diff.json().dropFirst()
    }
}
