/// Numbers, timestamps, JSON strings and CSV cells appended to a byte buffer, written as the
/// `String`-based writers (`JSONWriter`, `formatTimestamp`, `String(n)`) write them.
public enum ByteFormat {
    /// `"key":`, escaped as a JSON string.
    public static func appendJSONKey(_ k: String, to out: inout [UInt8]) {
        appendJSONString(k, to: &out)
        out.append(0x3A)
    }

    /// `s` as a JSON string, escaped as `JSONWriter` escapes it.
    public static func appendJSONString(_ s: String, to out: inout [UInt8]) {
        out.append(0x22)
        var s = s
        s.withUTF8 { u in
            var plain = true
            for c in u where c < 0x20 || c == 0x22 || c == 0x5C { plain = false; break }
            if plain { out.append(contentsOf: u); return }
            for c in u { appendEscaped(c, to: &out) }
        }
        out.append(0x22)
    }

    static func appendEscaped(_ c: UInt8, to out: inout [UInt8]) {
        switch c {
        case 0x22: out.append(0x5C); out.append(0x22)
        case 0x5C: out.append(0x5C); out.append(0x5C)
        case 0x0A: out.append(0x5C); out.append(0x6E)
        case 0x0D: out.append(0x5C); out.append(0x72)
        case 0x09: out.append(0x5C); out.append(0x74)
        case 0..<0x20:
            out.append(contentsOf: [0x5C, 0x75, 0x30, 0x30, hexDigit(c >> 4), hexDigit(c & 15)])
        default: out.append(c)
        }
    }

    static func hexDigit(_ v: UInt8) -> UInt8 { v < 10 ? 0x30 + v : 0x61 + v - 10 }

    /// `s` as a CSV cell: as is, or quoted RFC 4180 style when it holds `,` `"` CR or LF.
    public static func appendCSVCell(_ s: String, to out: inout [UInt8]) {
        var s = s
        let special = s.withUTF8 { u in u.contains(where: needsCSVQuote) }
        if special { out.append(contentsOf: csvQuoted(s).utf8) } else { s.withUTF8 { out.append(contentsOf: $0) } }
    }

    /// The rare cell that holds a quote, comma or line break, quoted the way the `String`
    /// writers always have: by `Character`, so a `"` carrying a combining mark, or a CR LF
    /// pair (one `Character`), is not a match.
    public static func csvQuoted(_ s: String) -> String {
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
        var out = "\""
        for c in s { out += c == "\"" ? "\"\"" : String(c) }
        return out + "\""
    }

    @inline(__always)
    public static func needsCSVQuote(_ c: UInt8) -> Bool { c == 0x2C || c == 0x22 || c == 0x0A || c == 0x0D }

    /// The decimal digits of `value`.
    @inline(__always)
    public static func appendDigits(_ value: UInt64, to out: inout [UInt8]) {
        if value < 10 { out.append(UInt8(truncatingIfNeeded: value) &+ 0x30); return }
        var scratch: (UInt64, UInt64, UInt64) = (0, 0, 0)   // 24 bytes: UInt64.max has 20 digits
        var v = value
        var n = 0
        withUnsafeMutableBytes(of: &scratch) { d in
            repeat { d[23 - n] = UInt8(truncatingIfNeeded: v % 10) &+ 0x30; v /= 10; n += 1 } while v > 0
            out.append(contentsOf: UnsafeRawBufferPointer(rebasing: d[(24 - n)...]))
        }
    }

    @inline(__always)
    public static func appendInt(_ value: Int64, to out: inout [UInt8]) {
        if value < 0 { out.append(0x2D) }
        appendDigits(value.magnitude, to: &out)
    }

    /// A field value as `events` prints it: numbers in decimal, strings through `string`.
    @inline(__always)
    public static func appendNumber(_ v: FieldValue, to out: inout [UInt8]) -> Bool {
        switch v {
        case .int(let i): appendInt(i, to: &out); return true
        case .uint(let u): appendDigits(u, to: &out); return true
        case .string: return false
        }
    }

    /// Seconds with `digits` decimals, as `formatTimestamp` prints them.
    public static func appendTimestamp(_ ns: UInt64, digits: UInt8, to out: inout [UInt8]) {
        guard digits > 0 else { appendDigits(ns, to: &out); return }
        let shown = Int(min(digits, 9))
        appendDigits(ns / 1_000_000_000, to: &out)
        out.append(0x2E)
        var frac = ns % 1_000_000_000
        for _ in shown..<9 { frac /= 10 }
        var scratch: (UInt64, UInt64) = (0, 0)
        withUnsafeMutableBytes(of: &scratch) { d in
            for i in stride(from: shown - 1, through: 0, by: -1) {
                d[i] = UInt8(truncatingIfNeeded: frac % 10) &+ 0x30
                frac /= 10
            }
            out.append(contentsOf: UnsafeRawBufferPointer(rebasing: d[0..<shown]))
        }
    }
}
