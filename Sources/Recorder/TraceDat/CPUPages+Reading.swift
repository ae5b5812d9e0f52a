#if canImport(Glibc)
import Glibc
#endif

extension CPUPages {
    /// Calls `body` with consecutive runs of at most `chunkBytes` bytes of the pages, reading a
    /// spooled file a run at a time so memory stays bounded.
    func forEachChunk(_ chunkBytes: Int,
                      _ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        switch self {
        case .bytes(let bytes):
            var start = 0
            while start < bytes.count {
                let end = min(bytes.count, start + chunkBytes)
                try bytes[start..<end].withUnsafeBytes { raw in try body(raw) }
                start = end
            }
        case .file(let path, let size):
            let fd = open(path, O_RDONLY | O_CLOEXEC)
            if fd < 0 { throw RecorderError(.io, path, "cannot open: \(errnoText())") }
            defer { close(fd) }
            var buffer = [UInt8](repeating: 0, count: chunkBytes)
            var left = size
            while left > 0 {
                let want = min(left, chunkBytes)
                var filled = 0
                while filled < want {
                    let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress! + filled, want - filled) }
                    if n < 0 && errno == EINTR { continue }
                    if n <= 0 { throw RecorderError(.io, path, "short read after \(size - left + filled) of \(size) bytes") }
                    filled += n
                }
                try buffer[0..<want].withUnsafeBytes { raw in try body(raw) }
                left -= want
            }
        }
    }
}
