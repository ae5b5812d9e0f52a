import TraceParser

/// Latency distributions (ns) of the operations in `SpanDefinition.all`, from their matched
/// enter/exit pairs.
struct LatencyTracker {
    var matcher = SpanMatcher()
    var byName: [String: Distribution] = [:]

    mutating func consume(_ e: TraceEvent) {
        guard let (i, isEnter) = matcher.role(of: e.name) else { return }
        consume(e, definition: i, isEnter: isEnter)
    }

    /// `consume` of an event whose place in `SpanDefinition.all` is known (`SpanMatcher.role(of:)`).
    mutating func consume(_ e: TraceEvent, definition: Int, isEnter: Bool) {
        // An exit stamped before its enter (clock trouble in the input) is not a latency.
        if case .closed(let span) = matcher.consume(e, definition: definition, isEnter: isEnter), span.endNs >= span.startNs {
            byName[matcher.definitions[span.definition].name, default: Distribution()].add(span.durationNs)
        }
    }
}
