import TraceParser

/// Expected facts (a model's predicted events, or another capture) against observed ones (the
/// capture): each decision paired with the same decision on the other side — same kind,
/// inode and key, in trace order — and every difference named.
public struct EventDiff: Sendable {
    public struct Discrepancy: Sendable, Equatable {
        public enum Problem: String, Sendable { case differs, missing, unexpected }
        public var kind: Fact.Kind
        public var problem: Problem
        public var ino: UInt64?
        public var lblk: UInt64?
        public var key: String
        /// The expected values, nil when the decision was not expected.
        public var expected: String?
        /// The observed values, nil when the kernel did not log the decision.
        public var observed: String?
        /// The observed event's place in the capture (for `missing`, the expected event's place
        /// in the predicted trace is `expectedPosition`).
        public var position: SourceLocation?
        public var expectedPosition: SourceLocation?
    }

    /// Per kind: how many facts each side has and how many paired with equal values.
    public struct Score: Sendable, Equatable {
        public var expected = 0
        public var observed = 0
        public var agreeing = 0
        /// Agreeing pairs over the larger side: 1 when every decision matches.
        public var agreement: Double? {
            let n = max(expected, observed)
            return n == 0 ? nil : Double(agreeing) / Double(n)
        }
    }

    public var discrepancies: [Discrepancy] = []
    public var scores: [Fact.Kind: Score] = [:]
    /// Kinds the expected side has no fact of while the observed side has some: a model that
    /// does not emit them predicts nothing about them. Their facts are counted, not listed.
    public private(set) var unpredictedKinds: Set<Fact.Kind> = []

    /// `skipUnpredicted`: leave out kinds the expected side never mentions (a model's trace
    /// holds only the events it models); false lists every observed fact of them as unexpected.
    /// `predicted`: kinds the expected side predicts even where it holds none of them (a
    /// model's final tree of a file it never wrote is empty, not unknown).
    public init(expected: [Fact], observed: [Fact], skipUnpredicted: Bool = true, predicted: Set<Fact.Kind> = []) {
        struct Slot: Hashable { var kind: Fact.Kind; var ino: UInt64?; var key: String }
        var waiting: [Slot: [Int]] = [:]          // indexes into `expected`, oldest first
        var used = [Bool](repeating: false, count: expected.count)
        for (i, f) in expected.enumerated() {
            waiting[Slot(kind: f.kind, ino: f.kind.pairsByInode ? f.ino : nil, key: f.key), default: []].append(i)
            scores[f.kind, default: Score()].expected += 1
        }
        var cursor: [Slot: Int] = [:]
        for o in observed {
            scores[o.kind, default: Score()].observed += 1
            if skipUnpredicted && (scores[o.kind]?.expected ?? 0) == 0 && !predicted.contains(o.kind) {
                unpredictedKinds.insert(o.kind)
                continue
            }
            let slot = Slot(kind: o.kind, ino: o.kind.pairsByInode ? o.ino : nil, key: o.key)
            let next = cursor[slot, default: 0]
            guard let queue = waiting[slot], next < queue.count else {
                discrepancies.append(Discrepancy(kind: o.kind, problem: .unexpected, ino: o.ino, lblk: o.lblk, key: o.key,
                                                 expected: nil, observed: o.valuesText, position: o.position))
                continue
            }
            cursor[slot] = next + 1
            let e = expected[queue[next]]
            used[queue[next]] = true
            if e.values == o.values {
                scores[o.kind, default: Score()].agreeing += 1
            } else {
                discrepancies.append(Discrepancy(kind: o.kind, problem: .differs, ino: o.ino, lblk: o.lblk, key: o.key,
                                                 expected: e.valuesText, observed: o.valuesText,
                                                 position: o.position, expectedPosition: e.position))
            }
        }
        for (i, e) in expected.enumerated() where !used[i] {
            discrepancies.append(Discrepancy(kind: e.kind, problem: .missing, ino: e.ino, lblk: e.lblk, key: e.key,
                                             expected: e.valuesText, observed: nil, expectedPosition: e.position))
        }
    }

    public var isEmpty: Bool { discrepancies.isEmpty }
}
