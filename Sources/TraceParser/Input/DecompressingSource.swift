import CZlib
import CZstd

/// A zstd frame sequence decompressed as it is read (`.zst` captures).
public final class ZstdByteSource: ByteSource {
    let inner: ByteSource
    let stream: OpaquePointer
    var input: UnsafeMutableRawBufferPointer
    var inBuffer = ZSTD_inBuffer(src: nil, size: 0, pos: 0)
    var finished = false
    var produced = 0

    public var path: String { inner.path }
    public var bytesConsumed: Int { inner.bytesConsumed }
    public var fileSize: Int? { inner.fileSize }

    public init(_ inner: ByteSource) throws(TraceError) {
        self.inner = inner
        guard let s = ZSTD_createDStream() else {
            throw TraceError(.io, file: inner.path, "zstd: cannot create a decompression stream")
        }
        stream = s
        ZSTD_initDStream(s)
        input = .allocate(byteCount: 1 << 17, alignment: 16)
    }

    deinit {
        ZSTD_freeDStream(stream)
        input.deallocate()
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws(TraceError) -> Int {
        var out = ZSTD_outBuffer(dst: buffer.baseAddress, size: buffer.count, pos: 0)
        while out.pos == 0 {
            if inBuffer.pos == inBuffer.size {
                let n = try inner.read(into: input)
                if n == 0 {
                    if !finished {
                        throw TraceError(.corrupt, file: path, location: .offset(inner.bytesConsumed),
                                         "zstd: the compressed stream ends in the middle of a frame")
                    }
                    return 0
                }
                inBuffer = ZSTD_inBuffer(src: UnsafeRawPointer(input.baseAddress), size: n, pos: 0)
            }
            let r = ZSTD_decompressStream(stream, &out, &inBuffer)
            if ZSTD_isError(r) != 0 {
                throw TraceError(.corrupt, file: path, location: .offset(inner.bytesConsumed),
                                 "zstd: \(String(cString: ZSTD_getErrorName(r)))")
            }
            finished = (r == 0)
        }
        produced += out.pos
        return out.pos
    }
}

/// A gzip (or zlib) stream inflated as it is read (`.gz` captures).
public final class GzipByteSource: ByteSource {
    let inner: ByteSource
    var z = z_stream()
    var input: UnsafeMutableRawBufferPointer
    var ended = false

    public var path: String { inner.path }
    public var bytesConsumed: Int { inner.bytesConsumed }
    public var fileSize: Int? { inner.fileSize }

    public init(_ inner: ByteSource) throws(TraceError) {
        self.inner = inner
        input = .allocate(byteCount: 1 << 17, alignment: 16)
        // 15 + 32: a zlib or gzip header, detected automatically.
        let r = inflateInit2_(&z, 15 + 32, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        guard r == Z_OK else {
            input.deallocate()
            throw TraceError(.io, file: inner.path, "zlib: cannot start inflating (\(r))")
        }
    }

    deinit {
        inflateEnd(&z)
        input.deallocate()
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws(TraceError) -> Int {
        guard !ended, let base = buffer.baseAddress else { return 0 }
        z.next_out = base.assumingMemoryBound(to: Bytef.self)
        z.avail_out = uInt(min(buffer.count, Int(UInt32.max)))
        while z.avail_out == uInt(min(buffer.count, Int(UInt32.max))) {
            if z.avail_in == 0 {
                let n = try inner.read(into: input)
                if n == 0 {
                    throw TraceError(.corrupt, file: path, location: .offset(inner.bytesConsumed),
                                     "gzip: the compressed stream ends early")
                }
                z.next_in = input.baseAddress!.assumingMemoryBound(to: Bytef.self)
                z.avail_in = uInt(n)
            }
            let r = inflate(&z, Z_NO_FLUSH)
            if r == Z_STREAM_END { ended = true; break }
            if r != Z_OK && r != Z_BUF_ERROR {
                throw TraceError(.corrupt, file: path, location: .offset(inner.bytesConsumed),
                                 "gzip: inflate failed (\(r))")
            }
        }
        return buffer.count - Int(z.avail_out)
    }
}
