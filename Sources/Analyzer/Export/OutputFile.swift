#if canImport(Glibc)
import Glibc
#endif

/// A file written through a 256 KiB buffer with plain POSIX calls.
final class OutputFile {
    let path: String
    private let fd: Int32
    private var buffer: [UInt8] = []

    init(path: String) throws(AnalyzerError) {
        self.path = path
        fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        if fd < 0 { throw AnalyzerError(.io, file: path, "cannot create: \(String(cString: strerror(errno)))") }
        buffer.reserveCapacity(1 << 18)
    }

    deinit { close(fd) }

    func write(_ s: String) throws(AnalyzerError) {
        buffer += s.utf8
        if buffer.count >= 1 << 18 { try flush() }
    }

    func write(bytes: [UInt8]) throws(AnalyzerError) {
        buffer += bytes
        if buffer.count >= 1 << 18 { try flush() }
    }

    func write(raw bytes: UnsafeRawBufferPointer) throws(AnalyzerError) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= 1 << 18 { try flush() }
    }

    func flush() throws(AnalyzerError) {
        var failure: Int32 = 0
        buffer.withUnsafeBytes { raw in
            var off = 0
            while off < raw.count {
                let n = Glibc.write(fd, raw.baseAddress! + off, raw.count - off)
                if n < 0 { if errno == EINTR { continue }; failure = errno; return }
                off += n
            }
        }
        buffer.removeAll(keepingCapacity: true)
        if failure != 0 { throw AnalyzerError(.io, file: path, "write failed: \(String(cString: strerror(failure)))") }
    }
}
