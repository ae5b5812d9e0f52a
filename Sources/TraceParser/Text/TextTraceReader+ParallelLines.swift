#if canImport(Glibc)
import Glibc
#endif

extension TextTraceReader {
    /// One worker's chunk: the bytes of whole lines, a reader over them, and what it formatted.
    final class LineChunk {
        let input: ChunkByteSource
        let reader: TextTraceReader
        var formatter = EventLineFormatter(capacity: 4 << 20)
        /// Lines of the input before this chunk.
        var linesBefore = 0
        var error: TraceError?

        init(capacity: Int, path: String, format: InputFormat, options: TraceReadOptions) {
            input = ChunkByteSource(capacity: capacity, path: path)
            reader = TextTraceReader(source: input, format: format, options: options, lineBufferBytes: capacity)
        }

        /// Reads the chunk's events and formats each with `append` (on a worker thread).
        func format(_ append: ParallelEventLines.Append) {
            // A local, not the class's property: no access check per event.
            var lines = EventLineFormatter(capacity: 0)
            swap(&lines, &formatter)
            defer { swap(&lines, &formatter) }
            lines.clear()
            lines.lineOffset = linesBefore
            reader.lines.restart(lending: input.lendRest())
            reader.diagnostics = TraceDiagnostics()
            error = nil
            let reader = self.reader
            let lineReader = reader.lines
            // One event, decoded into line after line (see `decode(_:number:into:)`).
            var event = TextTraceReader.blankEvent
            do {
                while let line = try lineReader.next() {
                    switch line {
                    case .overlong(let number, let bytes):
                        reader.noteOverlong(number, bytes: bytes)
                    case .text(let b, let number):
                        if reader.decode(b, number: number, into: &event) { append(event, &lines) }
                    }
                }
            } catch {
                self.error = error
            }
        }
    }

    /// `ParallelEventLines.run` for text: the input (any byte source: plain, compressed, a
    /// pipe) is cut into chunks of whole lines on this thread; workers parse and format the
    /// chunks; the output is written chunk by chunk in input order. Each chunk's line numbers
    /// are shifted by the lines before it (its newlines counted as it is cut), so events and
    /// diagnostics name the same lines as a single reader would.
    func formatInParallel(workers: Int, chunkBytes: Int, append: @escaping ParallelEventLines.Append,
                          write: ([UInt8]) -> Bool, progress: (Int) -> Void) throws(TraceError) -> TraceDiagnostics {
        // A line longer than a chunk is skipped as overlong: full-size chunks hold two of the
        // longest lines `LineReader` keeps (tests cut smaller ones, of shorter lines).
        let capacity = max(chunkBytes, 64)
        let chunks = (0..<max(2, workers + 2)).map { _ in
            LineChunk(capacity: capacity, path: path, format: inputFormat, options: options)
        }
        var ring = OrderedSlotRing(chunks)
        var cutter = LineChunkCutter(source: lines.source, capacity: capacity, maxLineBytes: lines.maxLineBytes)
        var total = diagnostics
        var open = true
        var failure: TraceError?
        /// Takes a finished chunk: its output, its diagnostics, its error.
        func finish(_ c: LineChunk) {
            if open, !c.formatter.bytes.isEmpty { open = write(c.formatter.bytes) }
            total.merge(c.reader.diagnostics, lineOffset: c.linesBefore)
            if failure == nil, let e = c.error { failure = e }
        }
        var chunkCount = 0
        while open, failure == nil {
            let chunk = ring.acquire(finish)
            guard open, failure == nil else { break }
            do {
                guard try cutter.cut(into: chunk.input, diagnostics: &total) else { break }
            } catch {
                failure = error
                break
            }
            chunk.linesBefore = cutter.linesBefore
            cutter.linesBefore += cutter.lastChunkLines
            let job = UnsafeSendable(chunk)
            ring.launch { job.value.format(append) }
            chunkCount += 1
            if chunkCount & 7 == 0 { progress(lines.source.bytesConsumed) }
        }
        ring.drain(finish)
        progress(lines.source.bytesConsumed)
        diagnostics = total
        if let failure { throw failure }
        return total
    }
}

/// Cuts a byte source into chunks that end at a newline, counting the lines of each.
struct LineChunkCutter {
    let source: ByteSource
    let capacity: Int
    let maxLineBytes: Int
    /// The bytes read past the last chunk's final newline.
    private var carry: [UInt8] = []
    private var ended = false
    /// Lines before the chunk `cut` fills next; the caller adds `lastChunkLines` after taking it.
    var linesBefore = 0
    private(set) var lastChunkLines = 0

    init(source: ByteSource, capacity: Int, maxLineBytes: Int) {
        self.source = source
        self.capacity = capacity
        self.maxLineBytes = maxLineBytes
    }

    /// Fills `chunk` with the next whole lines; false at the end of input. A line longer than
    /// the chunk is skipped and noted, as `LineReader` notes an overlong line.
    mutating func cut(into chunk: ChunkByteSource, diagnostics: inout TraceDiagnostics) throws(TraceError) -> Bool {
        guard let base = chunk.storage.baseAddress else { return false }
        let bytes = base.assumingMemoryBound(to: UInt8.self)
        while true {
            var n = carry.count
            carry.withUnsafeBytes { if let c = $0.baseAddress { base.copyMemory(from: c, byteCount: n) } }
            carry.removeAll(keepingCapacity: true)
            while n < capacity, !ended {
                let r = try source.read(into: UnsafeMutableRawBufferPointer(rebasing: chunk.storage[n..<capacity]))
                if r == 0 { ended = true } else { n += r }
            }
            if n == 0 { return false }
            var end = n
            if !ended {
                var last = n - 1                                // the last line is short: scan back
                while last >= 0, bytes[last] != 0x0A { last -= 1 }
                guard last >= 0 else {
                    try skipOverlongLine(bytes: n, diagnostics: &diagnostics)
                    continue
                }
                end = last + 1
                carry.append(contentsOf: UnsafeRawBufferPointer(start: base + end, count: n - end))
            }
            var lines = 0
            var p = 0
            while p < end, let nl = memchr(base + p, 0x0A, end - p) {
                lines += 1
                p = base.distance(to: nl) + 1
            }
            if end > 0, bytes[end - 1] != 0x0A { lines += 1 }   // the input's last line, unterminated
            lastChunkLines = lines
            chunk.rewind(count: end)
            return true
        }
    }

    /// The chunk's bytes hold no newline: the line runs on past `capacity` bytes. Skips to
    /// the byte after its newline and notes it as `LineReader` does.
    private mutating func skipOverlongLine(bytes: Int, diagnostics: inout TraceDiagnostics) throws(TraceError) {
        var skipped = bytes
        let scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 16, alignment: 8)
        defer { scratch.deallocate() }
        while true {
            let r = try source.read(into: scratch)
            if r == 0 { ended = true; break }
            if let nl = memchr(scratch.baseAddress!, 0x0A, r) {
                let at = scratch.baseAddress!.distance(to: nl)
                skipped += at
                carry.append(contentsOf: UnsafeRawBufferPointer(rebasing: scratch[(at + 1)..<r]))
                break
            }
            skipped += r
        }
        linesBefore += 1
        diagnostics.noteUnparsed(.line(linesBefore), "line of \(skipped) bytes is longer than the \(maxLineBytes >> 20) MiB limit")
    }
}

extension TraceDiagnostics {
    /// Adds the diagnostics of the next part of the same input, whose line numbers start
    /// after `lineOffset` lines.
    mutating func merge(_ other: TraceDiagnostics, lineOffset: Int) {
        lostEvents += other.lostEvents
        lostEventMarkers += other.lostEventMarkers
        unparsedLines += other.unparsedLines
        genericFallbacks += other.genericFallbacks
        if other.cpus != nil { cpus = other.cpus }
        for (location, reason) in other.unparsed where unparsed.count < TraceDiagnostics.maxListed {
            if case .line(let n) = location { unparsed.append((.line(n + lineOffset), reason)) }
            else { unparsed.append((location, reason)) }
        }
    }
}
