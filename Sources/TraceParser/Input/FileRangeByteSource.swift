#if canImport(Glibc)
import Glibc
#endif

/// One byte range of a plain file, read with `pread(2)`: lets several readers work on one file
/// at once (`TextTraceReader.summarizeInParallel`).
public final class FileRangeByteSource: ByteSource {
    let file: FileByteSource
    let end: Int
    var offset: Int
    let start: Int

    public var path: String { file.path }
    public var bytesConsumed: Int { offset - start }
    public var fileSize: Int? { end - start }

    public init(_ file: FileByteSource, range: Range<Int>) {
        self.file = file
        self.start = range.lowerBound
        self.offset = range.lowerBound
        self.end = range.upperBound
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws(TraceError) -> Int {
        let want = min(buffer.count, end - offset)
        guard want > 0 else { return 0 }
        let n = try file.read(at: offset, into: UnsafeMutableRawBufferPointer(rebasing: buffer[0..<want]))
        offset += n
        return n
    }
}
