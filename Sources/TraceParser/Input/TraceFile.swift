/// Opens a trace file of any supported format, detecting the format from its first bytes.
///
///     let source = try TraceFile.open("trace.txt")
///     while let event = try source.next() { ... }
///
/// Compressed text (`.zst`, `.gz`) is decompressed as it is read.
public enum TraceFile {
    /// The first bytes of a trace.dat file: `\x17\x08\x44tracing`.
    static let traceDatMagic: [UInt8] = [0x17, 0x08, 0x44] + Array("tracing".utf8)

    public static func open(_ path: String, options: TraceReadOptions = TraceReadOptions()) throws(TraceError) -> any TraceEventSource {
        let head = try sniff(path, bytes: 64 << 10, decompress: false)
        // A file cut inside the magic is a damaged trace.dat, not text.
        let cutMagic = !head.isEmpty && head.count < traceDatMagic.count && traceDatMagic.starts(with: head)
        if head.starts(with: traceDatMagic) || cutMagic || options.inputFormat == .traceDat {
            return try TraceDatOpener.open(path, options: options)
        }
        let options = try options.overlayingCaptureFormats(of: path)
        let format: InputFormat
        if let forced = options.inputFormat { format = forced } else { format = try detectTextFormat(path: path) }
        return TextTraceReader(source: try textSource(path), format: format, options: options)
    }

    /// Summarises a trace (what `stats` prints). A plain text file of more than
    /// `parallelFromBytes` (8 MiB) is read on `cores` cores at once; anything else by one reader.
    public static func summarize(_ path: String, options: TraceReadOptions = TraceReadOptions(),
                                 cores: Int = activeProcessorCount(), parallelFromBytes: Int = 8 << 20,
                                 progress: (Int) -> Void = { _ in }) throws(TraceError) -> TraceSummary {
        let head = try sniff(path, bytes: 4, decompress: false)
        let isCompressed = head.starts(with: [0x28, 0xB5, 0x2F, 0xFD]) || head.starts(with: [0x1F, 0x8B])
        let options = isTraceDat(path) ? options : try options.overlayingCaptureFormats(of: path)
        let source = try open(path, options: options)
        if source.inputFormat != .traceDat, !isCompressed, cores > 1,
           let size = source.progress.total, size > parallelFromBytes {
            return try TextTraceReader.summarizeInParallel(path: path, format: source.inputFormat, options: options,
                                                           parts: cores, progress: progress)
        }
        return try source.summarize(progress: progress)
    }

    /// The file as a stream of text bytes: plain, or through zstd/gzip when its magic says so.
    public static func textSource(_ path: String) throws(TraceError) -> ByteSource {
        let head = try sniff(path, bytes: 4, decompress: false)
        let file = try FileByteSource(path: path)
        if head.starts(with: [0x28, 0xB5, 0x2F, 0xFD]) { return try ZstdByteSource(file) }
        if head.starts(with: [0x1F, 0x8B]) { return try GzipByteSource(file) }
        return file
    }

    /// Whether the file starts with trace.dat's magic (such files carry their own formats).
    public static func isTraceDat(_ path: String) -> Bool {
        (try? sniff(path, bytes: traceDatMagic.count, decompress: false))?.starts(with: traceDatMagic) ?? false
    }

    /// Up to `bytes` bytes from the start of the file (decompressed when asked).
    static func sniff(_ path: String, bytes: Int, decompress: Bool) throws(TraceError) -> [UInt8] {
        let source = decompress ? try textSource(path) : try FileByteSource(path: path)
        let raw = UnsafeMutableRawBufferPointer.allocate(byteCount: bytes, alignment: 8)
        defer { raw.deallocate() }
        var filled = 0
        while filled < bytes {
            let n = try source.read(into: UnsafeMutableRawBufferPointer(rebasing: raw[filled...]))
            if n == 0 { break }
            filled += n
        }
        return Array(raw[0..<filled])
    }

    /// Tells ftrace text, trace-cmd report and perf script apart from their first lines.
    static func detectTextFormat(path: String) throws(TraceError) -> InputFormat {
        let head = try sniff(path, bytes: 64 << 10, decompress: true)
        if head.isEmpty { return .ftrace }                      // an empty trace: no events
        var sawHeader = false
        var lineCount = 0
        var nonText = 0
        for byte in head.prefix(4096) where byte == 0 || (byte < 0x20 && byte != 0x0A && byte != 0x09 && byte != 0x0D) {
            nonText += 1
        }
        if nonText > 8 {
            throw TraceError(.notATrace, file: path, location: .offset(0),
                             "binary data that is not a trace.dat (expected ftrace text, trace-cmd report, perf script or trace.dat)")
        }
        var verdict: InputFormat? = nil
        head.withUnsafeBufferPointer { all in
            var start = 0
            while start < all.count, lineCount < 400, verdict == nil {
                var end = start
                while end < all.count, all[end] != 0x0A { end += 1 }
                if end == all.count && lineCount > 0 { break }   // a cut-off last line
                let line = UnsafeBufferPointer(rebasing: all[start..<end])
                lineCount += 1
                start = end + 1
                if line.starts(with: Array("cpus=".utf8)) || line.starts(with: Array("version = ".utf8)) {
                    verdict = .traceCmd; break
                }
                if line.first == 0x23 { sawHeader = true; continue }
                guard let h = LineHeader.lex(line, allowInstance: true) else { continue }
                if h.instance != nil { verdict = .traceCmd; break }
                var p = h.bodyStart
                while p < line.count, line[p] == 0x20 { p += 1 }
                var q = p
                while q < line.count, ByteScan.isIdentifier(line[q]) { q += 1 }
                if q + 1 < line.count, line[q] == 0x3A, ByteScan.isIdentifier(line[q + 1]) { verdict = .perf; break }
                verdict = .ftrace
            }
        }
        if let verdict { return verdict }
        if sawHeader { return .ftrace }
        throw TraceError(.notATrace, file: path, location: .line(1),
                         "no trace events in the first \(lineCount) lines (expected ftrace text, trace-cmd report, perf script or trace.dat)")
    }
}

/// Opens trace.dat files with the binary reader (`TraceDat/`).
enum TraceDatOpener {
    static func open(_ path: String, options: TraceReadOptions) throws(TraceError) -> any TraceEventSource {
        try TraceDatReader(path: path, options: options)
    }
}

#if canImport(Glibc)
import Glibc
#endif

/// Processors this process may run on.
public func activeProcessorCount() -> Int {
    max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
}
