/// Builds a little byte buffer in the host's byte order, as trace.dat stores its numbers.
///
///     var b = ByteWriter()
///     b.cString("header_page"); b.u64(UInt64(text.count)); b.append(text)
struct ByteWriter {
    var bytes: [UInt8] = []

    /// Whether this host is big-endian: the ring-buffer pages are in host order, so the file is too.
    static let hostIsBigEndian = UInt16(1).bigEndian == 1

    mutating func u8(_ v: UInt8) { bytes.append(v) }
    mutating func u16(_ v: UInt16) { withUnsafeBytes(of: v) { bytes += $0 } }
    mutating func u32(_ v: UInt32) { withUnsafeBytes(of: v) { bytes += $0 } }
    mutating func u64(_ v: UInt64) { withUnsafeBytes(of: v) { bytes += $0 } }
    mutating func append(_ other: [UInt8]) { bytes += other }
    mutating func append(_ text: String) { bytes += text.utf8 }
    /// The string and its terminating NUL.
    mutating func cString(_ text: String) { bytes += text.utf8; bytes.append(0) }

    /// Overwrites the 8 bytes at `offset` (a size or offset written as a placeholder earlier).
    mutating func patchU64(at offset: Int, _ v: UInt64) {
        withUnsafeBytes(of: v) { raw in
            for i in 0..<8 { bytes[offset + i] = raw[i] }
        }
    }
}
