/// Formats events as `ext4trace events` lines — JSON lines or CSV rows — straight into a byte
/// buffer: no `String` per field, no dictionary per event.
///
///     {"ts":2027.501624784,"cpu":0,"pid":3603,"comm":"xfs_io","instance":"corpus","system":"ext4","event":"ext4_mark_inode_dirty","record":19,"fields":{"dev":"7:1","ino":12}}
///     2027.501624784,0,3603,xfs_io,ext4,ext4_mark_inode_dirty,19,dev=7:1 ino=12
///
/// What every event of one type shares is encoded once, in a `TypePlan`: the
/// `"system":"ext4","event":"…",` bytes and each field's `"name":` key. An event whose fields
/// differ from its type's plan (a generic fallback, a missing field) still formats right: a
/// field name that does not match the plan is encoded on the spot.
///
/// The output equals `EventJSON`/`EventCSV` built with `JSONWriter` and `String` byte for byte
/// (`EventLineFormatterTests` checks it on every fixture).
public struct EventLineFormatter {
    /// The formatted lines; the caller writes them out and calls `clear()`.
    public internal(set) var bytes: [UInt8] = []
    /// `line` positions are shifted by this (a part of a file read on its own starts at 1).
    public var lineOffset = 0

    /// What every event of one type shares, encoded once.
    struct TypePlan {
        let system: String
        let name: String
        /// `"system":"ext4","event":"ext4_da_write_begin",`
        let jsonNames: [UInt8]
        /// `ext4,ext4_da_write_begin,`
        let csvNames: [UInt8]
        /// Field names as the plan's first event carried them, and each as `"name":`.
        var fieldNames: [String] = []
        var jsonKeys: [[UInt8]] = []
    }
    var plans: [TypePlan] = []
    var planIndexByName: [String: Int] = [:]
    var lastPlan = -1
    /// The last comm and instance seen, with their encodings (JSON string, CSV cell).
    var lastComm: (text: String, json: [UInt8], csv: [UInt8])? = nil
    var lastInstance: (text: String, json: [UInt8])? = nil

    public init(capacity: Int = 1 << 20) { bytes.reserveCapacity(capacity) }

    public mutating func clear() { bytes.removeAll(keepingCapacity: true) }

    /// The index of `e`'s type plan, made on first sight.
    mutating func plan(for e: TraceEvent) -> Int {
        if lastPlan >= 0, plans[lastPlan].name == e.name, plans[lastPlan].system == e.system { return lastPlan }
        if let i = planIndexByName[e.name], plans[i].system == e.system {
            lastPlan = i
            return i
        }
        var json: [UInt8] = []
        Self.appendJSONKey("system", to: &json)
        Self.appendJSONString(e.system, to: &json)
        json.append(0x2C)
        Self.appendJSONKey("event", to: &json)
        Self.appendJSONString(e.name, to: &json)
        json.append(0x2C)
        var plan = TypePlan(system: e.system, name: e.name, jsonNames: json,
                            csvNames: Array(e.system.utf8) + [0x2C] + Array(e.name.utf8) + [0x2C])
        for f in e.fields {
            plan.fieldNames.append(f.name)
            var key: [UInt8] = []
            Self.appendJSONKey(f.name, to: &key)
            plan.jsonKeys.append(key)
        }
        plans.append(plan)
        // A name shared by two systems keeps the first in the index; the other is found by
        // `lastPlan` or re-planned (correct either way).
        if planIndexByName[e.name] == nil { planIndexByName[e.name] = plans.count - 1 }
        lastPlan = plans.count - 1
        return lastPlan
    }

    /// The event's comm, cached while it repeats.
    mutating func comm(_ s: String) -> (text: String, json: [UInt8], csv: [UInt8]) {
        if let c = lastComm, c.text == s { return c }
        var json: [UInt8] = []
        Self.appendJSONString(s, to: &json)
        var csv: [UInt8] = []
        Self.appendCSVCell(s, to: &csv)
        lastComm = (s, json, csv)
        return (s, json, csv)
    }

    mutating func instance(_ s: String) -> [UInt8] {
        if let i = lastInstance, i.text == s { return i.json }
        var json: [UInt8] = []
        Self.appendJSONString(s, to: &json)
        lastInstance = (s, json)
        return json
    }

    // MARK: Bytes

    /// `"key":`, escaped as a JSON string.
    static func appendJSONKey(_ k: String, to out: inout [UInt8]) {
        appendJSONString(k, to: &out)
        out.append(0x3A)
    }

    /// `s` as a JSON string, escaped as `JSONWriter` escapes it.
    static func appendJSONString(_ s: String, to out: inout [UInt8]) {
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
    static func appendCSVCell(_ s: String, to out: inout [UInt8]) {
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
    static func needsCSVQuote(_ c: UInt8) -> Bool { c == 0x2C || c == 0x22 || c == 0x0A || c == 0x0D }

    /// The decimal digits of `value`.
    @inline(__always)
    static func appendDigits(_ value: UInt64, to out: inout [UInt8]) {
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
    static func appendInt(_ value: Int64, to out: inout [UInt8]) {
        if value < 0 { out.append(0x2D) }
        appendDigits(value.magnitude, to: &out)
    }

    /// A field value as `events` prints it: numbers in decimal, strings through `string`.
    @inline(__always)
    static func appendNumber(_ v: FieldValue, to out: inout [UInt8]) -> Bool {
        switch v {
        case .int(let i): appendInt(i, to: &out); return true
        case .uint(let u): appendDigits(u, to: &out); return true
        case .string: return false
        }
    }

    /// Seconds with `digits` decimals, as `formatTimestamp` prints them.
    static func appendTimestamp(_ ns: UInt64, digits: UInt8, to out: inout [UInt8]) {
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
