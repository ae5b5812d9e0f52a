import TraceParser

/// Writes a stream of events to another format, one event at a time.
public protocol EventExporter {
    mutating func write(_ event: TraceEvent) throws(AnalyzerError)
    /// Writes what is still buffered and closes the output. Returns a one-line summary.
    mutating func finish() throws(AnalyzerError) -> String
}

/// Names that are safe as file names and SQL identifiers: letters, digits and `_`.
enum Identifier {
    static func sanitize(_ s: String) -> String {
        let cleaned = String(s.unicodeScalars.map { ($0.properties.isAlphabetic && $0.isASCII) || ("0"..."9").contains($0) || $0 == "_" ? Character($0) : "_" })
        return cleaned.isEmpty ? "_" : cleaned
    }
}
