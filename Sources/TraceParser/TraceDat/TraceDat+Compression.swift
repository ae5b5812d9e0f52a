import CZlib
import CZstd

/// How a v7 trace.dat compresses its sections and flyrecord chunks: named in the file header.
enum TraceDatCompression: Sendable {
    case none, zstd, zlib

    init?(name: String) {
        switch name {
        case "none": self = .none
        case "zstd": self = .zstd
        case "zlib": self = .zlib
        default: return nil
        }
    }

    /// Whether `expanded`, the size a section or chunk claims to decompress to, is believable
    /// before anything is allocated for it: zstd frames state their content size, which must
    /// agree; zlib cannot expand more than 1032 to 1.
    func isPlausible(expanded: Int, from input: UnsafeRawBufferPointer) -> Bool {
        guard expanded >= 0, expanded <= 1 << 30 else { return false }
        switch self {
        case .none: return expanded == input.count
        case .zstd:
            let declared = ZSTD_getFrameContentSize(input.baseAddress, input.count)
            if declared == ZSTD_CONTENTSIZE_ERROR { return false }
            if declared == ZSTD_CONTENTSIZE_UNKNOWN { return expanded <= input.count * 2048 + (1 << 20) }
            return declared == UInt64(expanded)
        case .zlib:
            return expanded <= input.count * 1032 + 64
        }
    }

    /// Decompresses `input` into exactly `output.count` bytes; false when the data is damaged
    /// or does not expand to that size.
    func decompress(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer) -> Bool {
        switch self {
        case .none:
            guard input.count == output.count else { return false }
            if let dst = output.baseAddress, let src = input.baseAddress { dst.copyMemory(from: src, byteCount: input.count) }
            return true
        case .zstd:
            let r = ZSTD_decompress(output.baseAddress, output.count, input.baseAddress, input.count)
            return ZSTD_isError(r) == 0 && r == output.count
        case .zlib:
            var outLength = uLongf(output.count)
            guard let dst = output.baseAddress?.assumingMemoryBound(to: Bytef.self),
                  let src = input.baseAddress?.assumingMemoryBound(to: Bytef.self) else { return output.count == 0 }
            let r = uncompress(dst, &outLength, src, uLong(input.count))
            return r == Z_OK && Int(outLength) == output.count
        }
    }

    /// Compresses `input` (the test support builds zlib files from zstd ones with this).
    func compress(_ input: [UInt8]) -> [UInt8]? {
        switch self {
        case .none: return input
        case .zstd:
            var out = [UInt8](repeating: 0, count: ZSTD_compressBound(input.count))
            let r = out.withUnsafeMutableBytes { o in input.withUnsafeBytes { i in ZSTD_compress(o.baseAddress, o.count, i.baseAddress, i.count, 3) } }
            guard ZSTD_isError(r) == 0 else { return nil }
            return Array(out[0..<r])
        case .zlib:
            var outLength = compressBound(uLong(input.count))
            var out = [UInt8](repeating: 0, count: Int(outLength))
            let r = out.withUnsafeMutableBytes { o in
                input.withUnsafeBytes { i in
                    compress2(o.baseAddress!.assumingMemoryBound(to: Bytef.self), &outLength,
                              i.baseAddress?.assumingMemoryBound(to: Bytef.self), uLong(input.count), 6)
                }
            }
            guard r == Z_OK else { return nil }
            return Array(out[0..<Int(outLength)])
        }
    }
}
