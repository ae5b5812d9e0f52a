import Dispatch

extension TextTraceReader {
    /// `summarize` on every core: the file is cut into one byte range per core at line
    /// boundaries, each range is read by its own reader, and the summaries are merged in file
    /// order (counts add up; line numbers of later ranges are shifted by the lines before them).
    /// Plain files only; `TraceFile.summarize` falls back to one reader for anything else.
    static func summarizeInParallel(path: String, format: InputFormat, options: TraceReadOptions,
                                    parts: Int, progress: (Int) -> Void) throws(TraceError) -> TraceSummary {
        let file = try FileByteSource(path: path)
        let size = file.fileSize ?? 0
        var bounds = [0]
        for i in 1..<parts {
            bounds.append(try nextLineStart(file, after: max(bounds[bounds.count - 1], size * i / parts), size: size))
        }
        bounds.append(size)
        let ranges = (0..<parts).map { bounds[$0]..<bounds[$0 + 1] }
        var results = [Result<(TraceSummary, Int), TraceError>?](repeating: nil, count: parts)
        let shared = UnsafeSendable(file)   // pread(2) at independent offsets: safe to share
        results.withUnsafeMutableBufferPointer { slots in
            let slots = UnsafeSendable(slots)
            DispatchQueue.concurrentPerform(iterations: parts) { i in
                do {
                    let reader = TextTraceReader(source: FileRangeByteSource(shared.value, range: ranges[i]), format: format, options: options)
                    let s = try reader.summarize { _ in }
                    slots.value[i] = .success((s, reader.lines.lineNumber))
                } catch let e as TraceError {
                    slots.value[i] = .failure(e)
                } catch {
                    slots.value[i] = .failure(TraceError(.io, file: path, "\(error)"))
                }
            }
        }
        progress(size)
        var merged = TraceSummary(format: format)
        var linesBefore = 0
        for result in results {
            guard let result else { continue }
            let (s, lines) = try result.get()
            merged.merge(s, lineOffset: linesBefore)
            linesBefore += lines
        }
        return merged
    }

    /// The offset just past the first newline at or after `offset` (the file's end if none).
    static func nextLineStart(_ file: FileByteSource, after offset: Int, size: Int) throws(TraceError) -> Int {
        var position = offset
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 16, alignment: 8)
        defer { chunk.deallocate() }
        while position < size {
            let n = try file.read(at: position, into: chunk)
            if n == 0 { break }
            if let i = chunk[0..<n].firstIndex(of: 0x0A) { return position + (i - 0) + 1 }
            position += n
        }
        return size
    }
}

extension TraceSummary {
    /// Adds the summary of the next part of the same input.
    mutating func merge(_ other: TraceSummary, lineOffset: Int) {
        events += other.events
        for (name, count) in other.countsByName { countsByName[name, default: 0] += count }
        cpusSeen.formUnion(other.cpusSeen)
        if firstTimestampNs == nil { firstTimestampNs = other.firstTimestampNs; timestampDigits = other.timestampDigits }
        if other.lastTimestampNs != nil { lastTimestampNs = other.lastTimestampNs }
        diagnostics.lostEvents += other.diagnostics.lostEvents
        diagnostics.lostEventMarkers += other.diagnostics.lostEventMarkers
        diagnostics.unparsedLines += other.diagnostics.unparsedLines
        diagnostics.genericFallbacks += other.diagnostics.genericFallbacks
        if diagnostics.cpus == nil { diagnostics.cpus = other.diagnostics.cpus }
        for (location, reason) in other.diagnostics.unparsed where diagnostics.unparsed.count < TraceDiagnostics.maxListed {
            if case .line(let n) = location { diagnostics.unparsed.append((.line(n + lineOffset), reason)) }
            else { diagnostics.unparsed.append((location, reason)) }
        }
    }
}

/// Hands a buffer pointer to concurrent iterations that each write their own slot.
struct UnsafeSendable<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}
