#if canImport(Glibc)
import Glibc
#endif
import CZstd

/// Streams a file through zstd in 1 MiB pieces (ZSTD_compressStream2 / ZSTD_decompressStream),
/// so a log of hundreds of MiB never sits in memory: `record --crash-log` saves the used part of
/// the log device as `log-writes.zst`, and the checker expands it to a scratch file.
enum ZstdFileStream {
    /// Compresses the first `bytes` bytes of `source` into `destination`.
    static func compress(_ source: String, bytes: Int64, to destination: String, level: Int32 = 3) throws {
        let input = try CrashLogFile.openForReading(source)
        defer { close(input) }
        let output = try CrashLogFile.create(destination)
        defer { close(output) }
        guard let context = ZSTD_createCCtx() else { throw CrashLogError(.io, destination, "zstd: out of memory") }
        defer { ZSTD_freeCCtx(context) }
        ZSTD_CCtx_setParameter(context, ZSTD_c_compressionLevel, level)
        ZSTD_CCtx_setPledgedSrcSize(context, UInt64(bytes))
        var inBuffer = [UInt8](repeating: 0, count: 1 << 20)
        var outBuffer = [UInt8](repeating: 0, count: ZSTD_CStreamOutSize())
        var done: Int64 = 0
        while true {
            let want = Int(min(Int64(inBuffer.count), bytes - done))
            let got = want == 0 ? 0 : inBuffer.withUnsafeMutableBytes { pread(input, $0.baseAddress!, want, off_t(done)) }
            if got < 0 { throw CrashLogError(.io, source, offset: done, "read failed: \(errnoText())") }
            if got == 0 && want > 0 { throw CrashLogError(.truncated, source, offset: done, "ends before \(bytes) bytes") }
            done += Int64(got)
            let last = done >= bytes
            try inBuffer.withUnsafeBytes { (raw) in
                var zin = ZSTD_inBuffer(src: raw.baseAddress, size: got, pos: 0)
                var finished = false
                while !finished {
                    let (rc, produced) = outBuffer.withUnsafeMutableBytes { out in
                        var zout = ZSTD_outBuffer(dst: out.baseAddress, size: out.count, pos: 0)
                        let rc = ZSTD_compressStream2(context, &zout, &zin, last ? ZSTD_e_end : ZSTD_e_continue)
                        return (rc, zout.pos)
                    }
                    if ZSTD_isError(rc) != 0 { throw CrashLogError(.io, destination, "zstd: \(String(cString: ZSTD_getErrorName(rc)))") }
                    try writeAll(output, outBuffer, count: produced, path: destination)
                    finished = last ? rc == 0 : zin.pos == zin.size
                }
            }
            if last { return }
        }
    }

    /// Expands the zstd file `source` into `destination`.
    static func decompress(_ source: String, to destination: String) throws {
        let input = try CrashLogFile.openForReading(source)
        defer { close(input) }
        let output = try CrashLogFile.create(destination, mode: 0o600)
        defer { close(output) }
        guard let context = ZSTD_createDCtx() else { throw CrashLogError(.io, source, "zstd: out of memory") }
        defer { ZSTD_freeDCtx(context) }
        var inBuffer = [UInt8](repeating: 0, count: ZSTD_DStreamInSize())
        var outBuffer = [UInt8](repeating: 0, count: ZSTD_DStreamOutSize())
        var consumed: Int64 = 0
        var frameOpen = false
        while true {
            let got = inBuffer.withUnsafeMutableBytes { read(input, $0.baseAddress!, $0.count) }
            if got < 0 { throw CrashLogError(.io, source, offset: consumed, "read failed: \(errnoText())") }
            if got == 0 {
                if frameOpen { throw CrashLogError(.truncated, source, offset: consumed, "the zstd stream ends inside a frame") }
                return
            }
            try inBuffer.withUnsafeBytes { (raw) in
                var zin = ZSTD_inBuffer(src: raw.baseAddress, size: got, pos: 0)
                while zin.pos < zin.size {
                    let (rc, produced) = outBuffer.withUnsafeMutableBytes { out in
                        var zout = ZSTD_outBuffer(dst: out.baseAddress, size: out.count, pos: 0)
                        let rc = ZSTD_decompressStream(context, &zout, &zin)
                        return (rc, zout.pos)
                    }
                    if ZSTD_isError(rc) != 0 {
                        throw CrashLogError(.malformed, source, offset: consumed + Int64(zin.pos), "zstd: \(String(cString: ZSTD_getErrorName(rc)))")
                    }
                    try writeAll(output, outBuffer, count: produced, path: destination)
                    frameOpen = rc != 0
                }
            }
            consumed += Int64(got)
        }
    }

    private static func writeAll(_ fd: Int32, _ bytes: [UInt8], count: Int, path: String) throws {
        var done = 0
        while done < count {
            let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + done, count - done) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { throw CrashLogError(.io, path, "write failed: \(errnoText())") }
            done += n
        }
    }
}
