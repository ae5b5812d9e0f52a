/// Writes one output line through a pointer into a buffer its caller sized for the line (an
/// upper bound worked out first), so each piece costs a store or a `memcpy`, with no capacity
/// or uniqueness check. Numbers, timestamps and JSON strings come out as `ByteFormat` writes
/// them (`EventLineFormatterTests` compares the output with the reference writers).
public struct LineWriter {
    public let base: UnsafeMutablePointer<UInt8>
    /// Bytes written so far.
    public private(set) var count = 0

    public init(base: UnsafeMutablePointer<UInt8>) { self.base = base }

    @inline(__always) public mutating func byte(_ b: UInt8) {
        base[count] = b
        count &+= 1
    }

    @inline(__always) public mutating func raw(_ p: UnsafeRawBufferPointer) {
        guard let start = p.baseAddress, p.count > 0 else { return }
        UnsafeMutableRawPointer(base + count).copyMemory(from: start, byteCount: p.count)
        count &+= p.count
    }

    @inline(__always) public mutating func bytes(_ a: [UInt8]) { a.withUnsafeBytes { raw($0) } }

    @inline(__always) public mutating func literal(_ s: StaticString) {
        s.withUTF8Buffer { raw(UnsafeRawBufferPointer($0)) }
    }

    /// The decimal digits of `value` (`ByteFormat.appendDigits`).
    @inline(__always) public mutating func digits(_ value: UInt64) {
        var length = 1
        var t = value
        while t >= 10 { t /= 10; length &+= 1 }
        var v = value
        var i = count &+ length &- 1
        repeat {
            base[i] = UInt8(truncatingIfNeeded: v % 10) &+ 0x30
            v /= 10
            i &-= 1
        } while v > 0
        count &+= length
    }

    /// `ByteFormat.appendInt`.
    @inline(__always) public mutating func int(_ value: Int64) {
        if value < 0 { byte(0x2D) }
        digits(value.magnitude)
    }

    /// Seconds with `digits` decimals (`ByteFormat.appendTimestamp`).
    public mutating func timestamp(_ ns: UInt64, digits places: UInt8) {
        guard places > 0 else { digits(ns); return }
        let shown = Int(min(places, 9))
        digits(ns / 1_000_000_000)
        byte(0x2E)
        var frac = ns % 1_000_000_000
        for _ in shown..<9 { frac /= 10 }
        for i in stride(from: shown - 1, through: 0, by: -1) {
            base[count &+ i] = UInt8(truncatingIfNeeded: frac % 10) &+ 0x30
            frac /= 10
        }
        count &+= shown
    }

    /// `s` as a JSON string (`ByteFormat.appendJSONString`): copied as is unless it holds a
    /// byte that needs escaping, which the rare string takes through `ByteFormat`.
    public mutating func jsonString(_ s: String) {
        var s = s
        let plain = s.withUTF8 { u -> Bool in
            for c in u where c < 0x20 || c == 0x22 || c == 0x5C { return false }
            byte(0x22)
            raw(UnsafeRawBufferPointer(u))
            byte(0x22)
            return true
        }
        if plain { return }
        var escaped: [UInt8] = []
        ByteFormat.appendJSONString(s, to: &escaped)
        bytes(escaped)
    }
}

extension LineWriter {
    /// `s` as a CSV cell (`ByteFormat.appendCSVCell`): as is, or, when it holds a comma, quote
    /// or line break, quoted through `ByteFormat`.
    public mutating func csvCell(_ s: String) {
        var s = s
        let plain = s.withUTF8 { u -> Bool in
            if u.contains(where: ByteFormat.needsCSVQuote) { return false }
            raw(UnsafeRawBufferPointer(u))
            return true
        }
        if plain { return }
        var quoted: [UInt8] = []
        ByteFormat.appendCSVCell(s, to: &quoted)
        bytes(quoted)
    }
}

/// The buffer a `LineWriter` writes into, allocated once per formatter. A class only to free
/// it; its fields are constants, so using it costs no exclusivity check.
public final class LineScratch {
    public let base: UnsafeMutablePointer<UInt8>
    public let capacity: Int

    public init(capacity: Int) {
        self.capacity = capacity
        base = .allocate(capacity: capacity)
    }

    deinit { base.deallocate() }
}
