/// A minimal streaming JSON writer into a byte buffer: no Foundation, no intermediate tree.
///
///     var w = JSONWriter()
///     w.objectStart(); w.key("events"); w.int(12); w.objectEnd()
public struct JSONWriter: Sendable {
    public private(set) var bytes: [UInt8] = []
    private var needsComma: [Bool] = [false]

    public init() { bytes.reserveCapacity(4096) }

    public mutating func clear() { bytes.removeAll(keepingCapacity: true); needsComma = [false] }

    private mutating func separate() {
        if needsComma[needsComma.count - 1] { bytes.append(0x2C) }
        needsComma[needsComma.count - 1] = true
    }

    public mutating func objectStart() { separate(); bytes.append(0x7B); needsComma.append(false) }
    public mutating func objectEnd() { needsComma.removeLast(); bytes.append(0x7D) }
    public mutating func arrayStart() { separate(); bytes.append(0x5B); needsComma.append(false) }
    public mutating func arrayEnd() { needsComma.removeLast(); bytes.append(0x5D) }

    public mutating func key(_ k: String) {
        separate()
        appendString(k)
        bytes.append(0x3A)
        needsComma[needsComma.count - 1] = false
    }

    public mutating func string(_ s: String) { separate(); appendString(s) }
    public mutating func int<T: BinaryInteger>(_ v: T) {
        separate()
        if let u = UInt64(exactly: v) { appendDigits(u) }
        else if let i = Int64(exactly: v) { bytes.append(0x2D); appendDigits(i.magnitude) }
        else { bytes += Array(String(v).utf8) }
    }

    private mutating func appendDigits(_ value: UInt64) {
        var digits: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)   // 32 bytes of scratch
        var v = value
        var n = 0
        withUnsafeMutableBytes(of: &digits) { d in
            repeat { d[31 - n] = UInt8(truncatingIfNeeded: v % 10) + 0x30; v /= 10; n += 1 } while v > 0
            bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: d[(32 - n)...]))
        }
    }
    public mutating func bool(_ v: Bool) { separate(); bytes += Array((v ? "true" : "false").utf8) }
    public mutating func null() { separate(); bytes += Array("null".utf8) }

    /// A number written exactly as given (e.g. a timestamp as printed: `2025.835764`).
    public mutating func rawNumber(_ text: String) { separate(); bytes += Array(text.utf8) }

    public mutating func double(_ v: Double, digits: Int = 6) {
        separate()
        if v.isFinite { bytes += Array(formatDecimal(v, digits: digits).utf8) } else { bytes += Array("null".utf8) }
    }

    public mutating func value(_ v: FieldValue) {
        switch v {
        case .int(let i): int(i)
        case .uint(let u): int(u)
        case .string(let s): string(s)
        }
    }

    private mutating func appendString(_ s: String) {
        bytes.append(0x22)
        var plain = true
        for c in s.utf8 where c < 0x20 || c == 0x22 || c == 0x5C { plain = false; break }
        if plain {
            bytes.append(contentsOf: s.utf8)
            bytes.append(0x22)
            return
        }
        for c in s.utf8 {
            switch c {
            case 0x22: bytes += [0x5C, 0x22]
            case 0x5C: bytes += [0x5C, 0x5C]
            case 0x0A: bytes += [0x5C, 0x6E]
            case 0x0D: bytes += [0x5C, 0x72]
            case 0x09: bytes += [0x5C, 0x74]
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                bytes += [0x5C, 0x75, 0x30, 0x30, hex[Int(c >> 4)], hex[Int(c & 15)]]
            default: bytes.append(c)
            }
        }
        bytes.append(0x22)
    }
}

/// `v` with at most `digits` decimals, trailing zeros dropped (`0.25`, `3`, `1024.5`).
public func formatDecimal(_ v: Double, digits: Int) -> String {
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    let negative = v < 0
    let scaled = (abs(v) * scale).rounded()
    guard scaled < 9.0e18 else { return String(v) }
    let n = UInt64(scaled)
    let s = UInt64(scale)
    var text = String(n / s)
    var frac = n % s
    if digits > 0 && frac != 0 {
        var f = String(frac)
        while f.count < digits { f = "0" + f }
        while f.hasSuffix("0") { f.removeLast() }
        text += "." + f
        frac = 0
    }
    return negative && n != 0 ? "-" + text : text
}

extension TraceEvent {
    /// The timestamp as the input printed it: seconds with `timestampDigits` decimals.
    public var timestampText: String { formatTimestamp(timestampNs, digits: timestampDigits) }
}

/// Nanoseconds as seconds with `digits` decimals, as ftrace prints them (`2025.835764`).
public func formatTimestamp(_ ns: UInt64, digits: UInt8) -> String {
    guard digits > 0 else { return String(ns) }
    let secs = ns / 1_000_000_000
    var divisor: UInt64 = 1
    for _ in Int(min(digits, 9))..<9 { divisor *= 10 }
    var frac = String((ns % 1_000_000_000) / divisor)
    while frac.count < Int(min(digits, 9)) { frac = "0" + frac }
    return "\(secs).\(frac)"
}
