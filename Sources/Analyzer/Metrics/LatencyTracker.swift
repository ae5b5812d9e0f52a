import TraceParser

/// Latency distributions (ns) of the operations in `SpanDefinition.all`, from their matched
/// enter/exit pairs.
struct LatencyTracker {
    var matcher = SpanMatcher()
    var byName: [String: Distribution] = [:]

    mutating func consume(_ e: TraceEvent) {
        // An exit stamped before its enter (clock trouble in the input) is not a latency.
        if case .closed(let span) = matcher.consume(e), span.endNs >= span.startNs {
            byName[matcher.definitions[span.definition].name, default: Distribution()].add(span.durationNs)
        }
    }
}
