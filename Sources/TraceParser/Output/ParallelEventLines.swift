/// Formats a trace's events as lines (`events` JSON lines or CSV) on every core, with the
/// output in the order a single reader gives: text is cut into chunks of whole lines, a
/// trace.dat's merged record stream into chunks of records; workers decode and format chunks,
/// each into its own buffer, and the buffers are written in order.
///
///     let source = try TraceFile.open(path)
///     if ParallelEventLines.supports(source) {
///         let diagnostics = try ParallelEventLines.run(source, append: { e, lines in lines.appendJSONLine(e) },
///                                                      write: { out($0) }, progress: { _ in })
///     }
///
/// Memory stays bounded by the chunks in flight (workers + 2 of them), whatever the input's size.
public enum ParallelEventLines {
    /// Formats one event into a worker's formatter (or skips it); called on worker threads.
    public typealias Append = @Sendable (TraceEvent, inout EventLineFormatter) -> Void

    /// Bytes of text per chunk.
    static let textChunkBytes = 2 << 20
    /// trace.dat records per chunk.
    static let chunkRecords = 8192

    /// Whether `run` reads `source` as its own `next()` would: a text reader, or a trace.dat
    /// reader whose events carry no printed body, neither started.
    public static func supports(_ source: any TraceEventSource) -> Bool {
        if let text = source as? TextTraceReader { return text.lines.lineNumber == 0 && text.lines.bytesConsumed == 0 }
        if let dat = source as? TraceDatReader { return dat.formatsInParallel }
        return false
    }

    /// Reads every event of `source` (which `supports`), formats each with `append` on
    /// `workers` threads, and hands each chunk's formatted bytes to `write` in input order
    /// (false from `write` stops the read). Returns the source's diagnostics; an input error
    /// is thrown after the output of everything before it, as `next()` would throw it.
    public static func run(_ source: any TraceEventSource, workers: Int = activeProcessorCount(),
                           append: @escaping Append, write: ([UInt8]) -> Bool,
                           progress: (Int) -> Void) throws(TraceError) -> TraceDiagnostics {
        try run(source, workers: workers, textChunkBytes: textChunkBytes, chunkRecords: chunkRecords,
                append: append, write: write, progress: progress)
    }

    /// `run` with chunk sizes of the caller's (tests cut small chunks to cross many boundaries).
    static func run(_ source: any TraceEventSource, workers: Int, textChunkBytes: Int, chunkRecords: Int,
                    append: @escaping Append, write: ([UInt8]) -> Bool,
                    progress: (Int) -> Void) throws(TraceError) -> TraceDiagnostics {
        precondition(supports(source), "ParallelEventLines.run on a source it does not support")
        if let text = source as? TextTraceReader {
            return try text.formatInParallel(workers: workers, chunkBytes: textChunkBytes, append: append,
                                             write: write, progress: progress)
        }
        guard let dat = source as? TraceDatReader else { return source.diagnostics }
        return try dat.formatInParallel(workers: workers, chunkRecords: chunkRecords, append: append,
                                        write: write, progress: progress)
    }
}
