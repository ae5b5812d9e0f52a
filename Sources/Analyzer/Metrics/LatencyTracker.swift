import TraceParser

/// Latency distributions (ns) of the operations in `SpanDefinition.all`, from their matched
/// enter/exit pairs.
struct LatencyTracker {
    var matcher = SpanMatcher()
    var byName: [String: Distribution] = [:]

    mutating func consume(_ e: TraceEvent) {
        if case .closed(let span) = matcher.consume(e) {
            byName[matcher.definitions[span.definition].name, default: Distribution()].add(span.durationNs)
        }
    }
}
