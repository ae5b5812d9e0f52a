#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A stream of bytes read in chunks: a file, or a decompressor over one. Memory stays bounded by
/// the chunk size whatever the input's size.
public protocol ByteSource: AnyObject {
    /// Reads up to `buffer.count` bytes; returns 0 at the end of the stream.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws(TraceError) -> Int
    /// The path, for error messages.
    var path: String { get }
    /// Bytes consumed from the underlying file so far (for progress bars).
    var bytesConsumed: Int { get }
    /// The underlying file's size, when known.
    var fileSize: Int? { get }
}

/// A plain file, read with POSIX `read(2)`.
public final class FileByteSource: ByteSource {
    public let path: String
    let fd: Int32
    public private(set) var bytesConsumed = 0
    public let fileSize: Int?

    public init(path: String) throws(TraceError) {
        self.path = path
        var st = stat()
        guard stat(path, &st) == 0 else {
            throw TraceError(.io, file: path, "cannot open: \(FileByteSource.errnoText())")
        }
        if (st.st_mode & S_IFMT) == S_IFDIR {
            throw TraceError(.io, file: path, "is a directory, not a trace file")
        }
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            throw TraceError(.io, file: path, "cannot open: \(FileByteSource.errnoText())")
        }
        self.fd = fd
        fileSize = (st.st_mode & S_IFMT) == S_IFREG ? Int(st.st_size) : nil
    }

    deinit { close(fd) }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws(TraceError) -> Int {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
        while true {
            let n = Glibc.read(fd, base, buffer.count)
            if n >= 0 { bytesConsumed += n; return n }
            if errno == EINTR { continue }
            throw TraceError(.io, file: path, location: .offset(bytesConsumed),
                             "read failed: \(FileByteSource.errnoText())")
        }
    }

    /// Reads exactly `count` bytes at `offset` (pread), or fewer at the end of the file.
    public func read(at offset: Int, into buffer: UnsafeMutableRawBufferPointer) throws(TraceError) -> Int {
        guard let base = buffer.baseAddress else { return 0 }
        var done = 0
        while done < buffer.count {
            let n = pread(fd, base + done, buffer.count - done, off_t(offset + done))
            if n == 0 { break }
            if n < 0 {
                if errno == EINTR { continue }
                throw TraceError(.io, file: path, location: .offset(offset + done),
                                 "read failed: \(FileByteSource.errnoText())")
            }
            done += n
        }
        return done
    }

    static func errnoText() -> String {
        String(cString: strerror(errno))
    }
}
