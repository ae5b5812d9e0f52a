#if canImport(Glibc)
import Glibc
#endif

/// Splits a `ByteSource` into lines without ever holding more than one buffer of input.
///
/// A line longer than `maxLineBytes` is not kept: `next()` reports it as `.overlong` with its
/// line number and skips to the next newline, so a 16 MiB line with no newline costs no memory.
public final class LineReader {
    public enum Line {
        /// A complete line, without its `\n` (and without a trailing `\r`). Valid until the next
        /// call to `next()`.
        case text(UnsafeBufferPointer<UInt8>, number: Int)
        case overlong(number: Int, bytes: Int)
    }

    let source: ByteSource
    let maxLineBytes: Int
    var buffer: UnsafeMutableRawBufferPointer
    /// Where `start` and `end` count from: `buffer`, or the bytes lent by `restart(lending:)`.
    var data: UnsafePointer<UInt8>
    var start = 0          // first unread byte
    var end = 0            // one past the last valid byte
    var eof = false
    public private(set) var lineNumber = 0

    public init(_ source: ByteSource, bufferBytes: Int = 4 << 20, maxLineBytes: Int = 1 << 20) {
        self.source = source
        self.maxLineBytes = maxLineBytes
        buffer = .allocate(byteCount: max(bufferBytes, maxLineBytes * 2), alignment: 64)
        data = UnsafePointer(buffer.baseAddress!.assumingMemoryBound(to: UInt8.self))
    }

    deinit { buffer.deallocate() }

    public var bytesConsumed: Int { source.bytesConsumed }

    /// The next line, or nil at the end of input.
    public func next() throws(TraceError) -> Line? {
        while true {
            let base = data
            if start < end, let nl = memchr(base + start, 0x0A, end - start) {
                let nlIndex = base.distance(to: nl.assumingMemoryBound(to: UInt8.self))
                var lineEnd = nlIndex
                if lineEnd > start, base[lineEnd - 1] == 0x0D { lineEnd -= 1 }
                let line = UnsafeBufferPointer(start: base + start, count: lineEnd - start)
                start = nlIndex + 1
                lineNumber += 1
                return .text(line, number: lineNumber)
            }
            if eof {
                guard start < end else { return nil }
                let line = UnsafeBufferPointer(start: base + start, count: end - start)
                start = end
                lineNumber += 1
                return .text(line, number: lineNumber)
            }
            if end - start >= maxLineBytes {
                return try skipOverlongLine()
            }
            try refill()
        }
    }

    /// Starts over on a source that starts over (a chunk refilled by `formatInParallel`):
    /// nothing buffered, line 0.
    func restart() {
        data = UnsafePointer(buffer.baseAddress!.assumingMemoryBound(to: UInt8.self))
        start = 0
        end = 0
        eof = false
        lineNumber = 0
    }

    /// Starts over on `bytes`, whole lines already in memory (a chunk cut by
    /// `formatInParallel`), read in place rather than copied into the buffer. They must stay
    /// valid and unchanged until the next `restart`. The lines are those a `restart()` and
    /// reads of the same bytes would give, when the buffer holds them all: every line ending
    /// in a newline, then an unterminated last one.
    func restart(lending bytes: UnsafeBufferPointer<UInt8>) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { restart(); eof = true; return }
        data = base
        start = 0
        end = bytes.count
        eof = true
        lineNumber = 0
    }

    /// Moves the unread tail to the front and reads more.
    func refill() throws(TraceError) {
        let base = buffer.baseAddress!
        data = UnsafePointer(base.assumingMemoryBound(to: UInt8.self))
        if start > 0 {
            if end > start { memmove(base, base + start, end - start) }
            end -= start
            start = 0
        }
        let n = try source.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[end...]))
        if n == 0 { eof = true } else { end += n }
    }

    /// Discards bytes up to and including the next newline.
    func skipOverlongLine() throws(TraceError) -> Line {
        lineNumber += 1
        let number = lineNumber
        var skipped = 0
        let base = buffer.baseAddress!.assumingMemoryBound(to: UInt8.self)
        data = UnsafePointer(base)
        while true {
            if start < end, let nl = memchr(base + start, 0x0A, end - start) {
                let nlIndex = base.distance(to: nl.assumingMemoryBound(to: UInt8.self))
                skipped += nlIndex - start
                start = nlIndex + 1
                return .overlong(number: number, bytes: skipped)
            }
            skipped += end - start
            start = 0
            end = 0
            let n = try source.read(into: buffer)
            if n == 0 { eof = true; return .overlong(number: number, bytes: skipped) }
            end = n
        }
    }
}
