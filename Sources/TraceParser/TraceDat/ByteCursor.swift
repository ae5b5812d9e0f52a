/// A reading position in a byte array whose numbers are in one byte order (a trace.dat's
/// endianness, chosen once per file). `read…` advances; short input returns nil.
///
/// Mirrors the reads of trace-cmd's `trace-input.c` (`read2`, `read4`, `read8`, `read_string`)
/// over an in-memory section instead of the file descriptor.
struct ByteCursor {
    let bytes: [UInt8]
    var offset: Int
    let bigEndian: Bool

    init(_ bytes: [UInt8], offset: Int = 0, bigEndian: Bool) {
        self.bytes = bytes
        self.offset = offset
        self.bigEndian = bigEndian
    }

    var remaining: Int { bytes.count - offset }
    var isAtEnd: Bool { offset >= bytes.count }

    mutating func u8() -> UInt8? {
        guard offset < bytes.count else { return nil }
        defer { offset += 1 }
        return bytes[offset]
    }

    mutating func u16() -> UInt16? { integer(2).map { UInt16(truncatingIfNeeded: $0) } }
    mutating func u32() -> UInt32? { integer(4).map { UInt32(truncatingIfNeeded: $0) } }
    mutating func u64() -> UInt64? { integer(8) }

    /// A little- or big-endian unsigned integer of `size` bytes (1...8).
    mutating func integer(_ size: Int) -> UInt64? {
        guard size <= 8, size <= remaining else { return nil }
        var v: UInt64 = 0
        if bigEndian {
            for i in 0..<size { v = v << 8 | UInt64(bytes[offset + i]) }
        } else {
            for i in stride(from: size - 1, through: 0, by: -1) { v = v << 8 | UInt64(bytes[offset + i]) }
        }
        offset += size
        return v
    }

    /// A NUL-terminated string (the NUL is consumed, not returned).
    mutating func cString() -> String? {
        guard let end = bytes[offset...].firstIndex(of: 0) else { return nil }
        defer { offset = end + 1 }
        return String(decoding: bytes[offset..<end], as: UTF8.self)
    }

    /// The next `count` bytes, when that many remain.
    mutating func take(_ count: Int) -> ArraySlice<UInt8>? {
        guard count >= 0, count <= remaining else { return nil }
        defer { offset += count }
        return bytes[offset..<(offset + count)]
    }

    mutating func skip(_ count: Int) -> Bool {
        guard count >= 0, count <= remaining else { return false }
        offset += count
        return true
    }

    /// Whether the next bytes are `literal` (consumed when they are).
    mutating func expect(_ literal: [UInt8]) -> Bool {
        guard literal.count <= remaining, bytes[offset..<(offset + literal.count)].elementsEqual(literal) else { return false }
        offset += literal.count
        return true
    }
}

/// Loads of little- or big-endian integers from raw memory at any alignment: the ring-buffer
/// page reader's hot path.
@usableFromInline
struct RawLoader {
    let bigEndian: Bool

    @inline(__always) func u16(_ p: UnsafeRawPointer, _ at: Int) -> UInt16 {
        let v = p.loadUnaligned(fromByteOffset: at, as: UInt16.self)
        return bigEndian ? UInt16(bigEndian: v) : UInt16(littleEndian: v)
    }

    @inline(__always) func u32(_ p: UnsafeRawPointer, _ at: Int) -> UInt32 {
        let v = p.loadUnaligned(fromByteOffset: at, as: UInt32.self)
        return bigEndian ? UInt32(bigEndian: v) : UInt32(littleEndian: v)
    }

    @inline(__always) func u64(_ p: UnsafeRawPointer, _ at: Int) -> UInt64 {
        let v = p.loadUnaligned(fromByteOffset: at, as: UInt64.self)
        return bigEndian ? UInt64(bigEndian: v) : UInt64(littleEndian: v)
    }

    /// An unsigned integer of 1, 2, 4 or 8 bytes; other sizes read as 0.
    @inline(__always) func unsigned(_ p: UnsafeRawPointer, _ at: Int, size: Int) -> UInt64 {
        switch size {
        case 1: return UInt64(p.load(fromByteOffset: at, as: UInt8.self))
        case 2: return UInt64(u16(p, at))
        case 4: return UInt64(u32(p, at))
        case 8: return u64(p, at)
        default: return 0
        }
    }
}
