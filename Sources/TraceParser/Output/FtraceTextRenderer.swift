/// Prints events back in the kernel's own `trace` text format, through each event's print
/// format: the inverse of `TextTraceReader`. Used to write predicted traces that every other
/// command reads like a capture, and by the tests to check that decoding loses nothing.
///
///     "          xfs_io-3447    [000] .....  2025.836836: ext4_ext_map_blocks_exit: dev 7,1 ..."
public struct FtraceTextRenderer: Sendable {
    public let formats: FormatRegistry

    public init(formats: FormatRegistry = .bundled) { self.formats = formats }

    /// The whole line, header included (irq flags print as `.....`).
    public func line(_ e: TraceEvent) -> String {
        var out = String(repeating: " ", count: max(0, 16 - e.comm.utf8.count)) + e.comm + "-"
        let pid = String(e.pid)
        out += pid + String(repeating: " ", count: max(0, 7 - pid.count))
        var cpu = String(e.cpu)
        while cpu.count < 3 { cpu = "0" + cpu }
        out += " [" + cpu + "] ..... "
        let secs = String(e.timestampNs / 1_000_000_000)
        out += String(repeating: " ", count: max(0, 5 - secs.count)) + formatTimestamp(e.timestampNs, digits: 6)
        out += ": "
        if e.system == "syscalls", let s = syscallText(e) { return out + s }
        return out + e.name + ": " + (body(e) ?? genericBody(e))
    }

    /// The text after `name: ` as the kernel prints it, or nil when the event's print format
    /// is unknown or a field it prints is missing.
    public func body(_ e: TraceEvent) -> String? {
        guard let format = formats.format(named: e.name), let pf = format.printFormat else { return nil }
        var out = ""
        var conversion = 0
        for piece in pf.pieces {
            switch piece {
            case .literal(let s):
                out += s
            case .conversion(let c):
                guard c.argumentIndex < pf.arguments.count else { return nil }
                let arg = pf.arguments[c.argumentIndex]
                let name = format.conversionNames[conversion]
                conversion += 1
                switch arg.role {
                case .constant:
                    return nil
                case .deviceMajor(let f), .deviceMinor(let f):
                    guard let v = e[f], let (major, minor) = FtraceTextRenderer.deviceParts(v) else { return nil }
                    let part: UInt64
                    if case .deviceMajor = arg.role { part = major } else { part = minor }
                    out += PrintfNumber.format(.uint(part), c)
                case .field, .symbolic, .string, .computed:
                    guard let name, let v = e[name] else { return nil }
                    switch v {
                    case .string(let s): out += PrintfNumber.pad(s, c)
                    default: out += PrintfNumber.format(v, c)
                    }
                }
            }
        }
        return out
    }

    /// `sys_pwrite64(fd: 3, buf: 0x55d0c1b5e000, count: 0x1000, pos: 0)` and
    /// `sys_pwrite64 -> 0x1000`: below 10 in decimal, else in hex.
    func syscallText(_ e: TraceEvent) -> String? {
        if e.name.hasPrefix("sys_enter_") {
            let args = e.fields.filter { $0.name != "__syscall_nr" }.map { f -> String in
                guard let u = f.value.uint else { return "\(f.name): \(f.value)" }
                return u < 10 ? "\(f.name): \(u)" : "\(f.name): 0x" + String(u, radix: 16)
            }
            return "sys_" + e.name.dropFirst(10) + "(" + args.joined(separator: ", ") + ")"
        }
        if e.name.hasPrefix("sys_exit_"), let ret = e["ret"]?.uint {
            return "sys_" + e.name.dropFirst(9) + " -> 0x" + String(ret, radix: 16)
        }
        return nil
    }

    func genericBody(_ e: TraceEvent) -> String {
        e.fields.map { "\($0.name)=\($0.value)" }.joined(separator: " ")
    }

    /// A `dev` value as (major, minor): the string `"7:1"`, or a kernel `dev_t` (major << 20).
    static func deviceParts(_ v: FieldValue) -> (UInt64, UInt64)? {
        switch v {
        case .string(let s):
            let parts = s.split(separator: ":")
            guard parts.count == 2, let a = UInt64(parts[0]), let b = UInt64(parts[1]) else { return nil }
            return (a, b)
        case .int, .uint:
            guard let d = v.uint else { return nil }
            return (d >> 20, d & ((1 << 20) - 1))
        }
    }
}

/// printf-style integer formatting for the conversions kernel print formats use.
enum PrintfNumber {
    static func format(_ v: FieldValue, _ c: PrintFormat.Conversion) -> String {
        let bits = c.length.hasPrefix("l") || c.length == "z" || c.specifier == "p" ? 64 : (c.length == "h" ? 16 : c.length == "hh" ? 8 : 32)
        var text: String
        switch c.specifier {
        case "d", "i":
            if case .uint(let u) = v, bits == 32, u <= UInt64(UInt32.max) { text = String(Int32(bitPattern: UInt32(u))) }
            else { text = v.int.map { String($0) } ?? String(v.uint ?? 0) }
        case "u":
            text = String(truncate(v, bits))
        case "x", "X", "p":
            text = String(truncate(v, bits), radix: 16, uppercase: c.specifier == "X")
            if c.flags.contains("#") && text != "0" { text = "0x" + text }
        case "o":
            text = String(truncate(v, bits), radix: 8)
        case "c":
            text = String(UnicodeScalar(UInt8(truncatingIfNeeded: v.uint ?? 0)))
        default:
            text = v.description
        }
        return pad(text, c)
    }

    static func truncate(_ v: FieldValue, _ bits: Int) -> UInt64 {
        let u = v.uint ?? 0
        return bits >= 64 ? u : u & ((1 << UInt64(bits)) - 1)
    }

    static func pad(_ s: String, _ c: PrintFormat.Conversion) -> String {
        guard let w = c.width, s.utf8.count < w else { return s }
        let fill = w - s.utf8.count
        if c.flags.contains("-") { return s + String(repeating: " ", count: fill) }
        if c.flags.contains("0") && c.specifier != "s" {
            if s.hasPrefix("-") { return "-" + String(repeating: "0", count: fill) + s.dropFirst() }
            return String(repeating: "0", count: fill) + s
        }
        return String(repeating: " ", count: fill) + s
    }
}
