#if canImport(Glibc)
import Glibc
#endif

/// A file written front to back, with placeholders patched in place afterwards (`pwrite`).
struct OutputFile: ~Copyable {
    let path: String
    private let fd: Int32
    private(set) var offset: UInt64 = 0

    init(creating path: String) throws {
        self.path = path
        fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        if fd < 0 { throw RecorderError(.io, path, "cannot create: \(errnoText())") }
    }

    deinit { close(fd) }

    mutating func write(_ bytes: [UInt8]) throws {
        let written = bytes.withUnsafeBytes { writeAll(fd, $0) }
        try account(written, expected: bytes.count)
    }

    mutating func write(_ raw: UnsafeRawBufferPointer) throws {
        try account(writeAll(fd, raw), expected: raw.count)
    }

    private mutating func account(_ written: Int, expected: Int) throws {
        offset += UInt64(written)
        if written != expected {
            throw RecorderError(.io, path, "write failed at offset \(offset): \(errnoText())")
        }
    }

    /// Writes zeros up to the next multiple of `alignment`.
    mutating func pad(to alignment: Int) throws {
        let rest = Int(offset % UInt64(alignment))
        if rest != 0 { try write([UInt8](repeating: 0, count: alignment - rest)) }
    }

    /// Overwrites bytes already written at `at` without moving the write offset.
    func patch(_ bytes: [UInt8], at: UInt64) throws {
        let n = bytes.withUnsafeBytes { pwrite(fd, $0.baseAddress!, $0.count, off_t(at)) }
        if n != bytes.count { throw RecorderError(.io, path, "write failed at offset \(at): \(errnoText())") }
    }
}

/// Writes all of `raw` to `fd`, retrying short writes; returns how much was written.
func writeAll(_ fd: Int32, _ raw: UnsafeRawBufferPointer) -> Int {
    var done = 0
    while done < raw.count {
        let n = Glibc.write(fd, raw.baseAddress! + done, raw.count - done)
        if n < 0 {
            if errno == EINTR { continue }
            break
        }
        done += n
    }
    return done
}

/// `strerror(errno)` as a String.
func errnoText(_ code: Int32 = errno) -> String { String(cString: strerror(code)) }
