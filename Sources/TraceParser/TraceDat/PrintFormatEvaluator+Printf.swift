/// One `%` conversion printed the way the kernel's `vsnprintf` prints it.
struct PrintedConversion {
    /// The text as printed.
    var text: String
    /// The number printed, for numeric conversions: signed where the conversion is (`%d`) and
    /// the value negative, unsigned otherwise, truncated to the conversion's length (`%u` of a
    /// `long` prints its low 32 bits).
    var number: FieldValue?
}

extension PrintFormat.Conversion {
    /// Prints `value`; nil where the kernel's output cannot be reproduced (a hashed `%p`).
    func print(_ value: PrintValue, _ ctx: PrintContext) -> PrintedConversion? {
        switch (specifier, value) {
        case ("s", .text(let s)):
            return PrintedConversion(text: pad(precision.map { String(s.prefix($0)) } ?? s, numeric: false), number: nil)
        case ("d", .number(let v, _)), ("i", .number(let v, _)):
            let n = signedValue(v)
            var digits = String(n.magnitude)
            if let p = precision, digits.count < p { digits = String(repeating: "0", count: p - digits.count) + digits }
            let sign = n < 0 ? "-" : flags.contains("+") ? "+" : flags.contains(" ") ? " " : ""
            return PrintedConversion(text: pad(digits, sign: sign), number: n < 0 ? .int(n) : .uint(UInt64(n)))
        case ("u", .number(let v, _)), ("x", .number(let v, _)), ("X", .number(let v, _)), ("o", .number(let v, _)):
            let n = unsignedValue(v)
            var digits = specifier == "u" ? String(n) : specifier == "o" ? String(n, radix: 8) : String(n, radix: 16, uppercase: specifier == "X")
            if let p = precision, digits.count < p { digits = String(repeating: "0", count: p - digits.count) + digits }
            var prefix = ""
            if flags.contains("#"), n != 0 { prefix = specifier == "o" ? "0" : specifier == "X" ? "0X" : "0x" }
            return PrintedConversion(text: pad(digits, sign: prefix), number: .uint(n))
        case ("c", .number(let v, _)):
            return PrintedConversion(text: pad(String(UnicodeScalar(UInt8(truncatingIfNeeded: v))), numeric: false), number: nil)
        case ("p", .number(let v, _)):
            return printPointer(v, ctx)
        default:
            return nil
        }
    }

    func printPointer(_ address: UInt64, _ ctx: PrintContext) -> PrintedConversion? {
        let ext = pointerExtension
        if isSymbol {
            let withOffset = ext.hasPrefix("S") || ext.hasPrefix("B") || ext.hasPrefix("F")
            let text: String
            if let s = ctx.symbols?.symbolize(address, withOffset: withOffset, withSize: ctx.style == .kernel) {
                text = s
            } else {
                text = "0x" + String(address, radix: 16)
            }
            return PrintedConversion(text: pad(text, numeric: false), number: nil)
        }
        if ext == "x" || ctx.style == .traceCmd {
            return PrintedConversion(text: pad(String(address, radix: 16), numeric: false), number: .uint(address))
        }
        return nil          // a plain %p: the kernel prints a hashed value
    }

    func signedValue(_ v: UInt64) -> Int64 {
        switch length {
        case "hh": return Int64(Int8(truncatingIfNeeded: v))
        case "h": return Int64(Int16(truncatingIfNeeded: v))
        case "": return Int64(Int32(truncatingIfNeeded: v))
        default: return Int64(bitPattern: v)
        }
    }

    func unsignedValue(_ v: UInt64) -> UInt64 {
        switch length {
        case "hh": return UInt64(UInt8(truncatingIfNeeded: v))
        case "h": return UInt64(UInt16(truncatingIfNeeded: v))
        case "": return UInt64(UInt32(truncatingIfNeeded: v))
        default: return v
        }
    }

    /// Applies the width: left-justified with `-`, zero-filled with `0` (after the sign).
    func pad(_ body: String, sign: String = "", numeric: Bool = true) -> String {
        let total = sign.count + body.count
        guard let width, total < width else { return sign + body }
        let fill = width - total
        if flags.contains("-") { return sign + body + String(repeating: " ", count: fill) }
        if numeric, flags.contains("0"), precision == nil { return sign + String(repeating: "0", count: fill) + body }
        return String(repeating: " ", count: fill) + sign + body
    }
}
