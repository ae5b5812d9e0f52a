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

    /// The decimal digits of `value` (`ByteFormat.appendDigits`). The length is found by
    /// comparing with powers of ten, and the digits are written two at a time from a table:
    /// half the divisions of one digit at a time, and none to measure.
    @inline(__always) public mutating func digits(_ value: UInt64) {
        var length = 1
        var power: UInt64 = 10
        while length < 20 && value >= power {
            length &+= 1
            power = power &* 10
        }
        count &+= length
        writeDigits(value, width: length, end: count)
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
        count &+= shown
        writeDigits(frac, width: shown, end: count)
    }

    /// The low `width` decimal digits of `value` (leading zeros included) in the `width`
    /// bytes before `end`, two at a time from `"00"..."99"`.
    @inline(__always) mutating func writeDigits(_ value: UInt64, width: Int, end: Int) {
        let pairs = LineWriter.digitPairs.utf8Start
        var v = value
        var i = end
        var left = width
        while left >= 2 {
            let r = Int(truncatingIfNeeded: v % 100) &* 2
            v /= 100
            i &-= 2
            base[i] = pairs[r]
            base[i &+ 1] = pairs[r &+ 1]
            left &-= 2
        }
        if left == 1 { base[i &- 1] = UInt8(truncatingIfNeeded: v % 10) &+ 0x30 }
    }

    /// The two digits of every number 0...99, in order: `"00" "01" ... "99"`.
    static var digitPairs: StaticString {
        """
        00010203040506070809101112131415161718192021222324252627282930313233343536373839\
        40414243444546474849505152535455565758596061626364656667686970717273747576777879\
        8081828384858687888990919293949596979899
        """
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
    /// The end of an export CSV row: `,value` for each field (numbers as digits, strings as
    /// CSV cells) and the row's trailing `,` and newline. Shared by `CSVExporter`'s one-reader
    /// rows and the parallel export's row frames, so both write the same bytes.
    public mutating func csvFieldCells(_ fields: [EventField]) {
        for f in fields {
            byte(0x2C)
            switch f.value {
            case .int(let v): int(v)
            case .uint(let v): digits(v)
            case .string(let s): csvCell(s)
            }
        }
        byte(0x2C)
        byte(0x0A)
    }

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
