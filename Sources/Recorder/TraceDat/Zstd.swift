import CZstd

/// zstd one-shot compression, as trace.dat v7 stores compressed sections and page chunks.
enum Zstd {
    /// The library version trace-cmd writes into the file header, e.g. `1.5.4`.
    static var versionString: String { String(cString: ZSTD_versionString()) }

    static func compress(_ input: UnsafeRawBufferPointer, level: Int32 = 3) throws -> [UInt8] {
        let bound = ZSTD_compressBound(input.count)
        var out = [UInt8](repeating: 0, count: bound)
        let n = out.withUnsafeMutableBytes { dst in
            ZSTD_compress(dst.baseAddress, bound, input.baseAddress, input.count, level)
        }
        if ZSTD_isError(n) != 0 {
            throw RecorderError(.io, "zstd", String(cString: ZSTD_getErrorName(n)))
        }
        out.removeSubrange(n...)
        return out
    }

    static func compress(_ input: [UInt8]) throws -> [UInt8] {
        try input.withUnsafeBytes { raw in try compress(raw) }
    }
}
