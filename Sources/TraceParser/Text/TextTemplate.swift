/// A print format turned around: reads a line the kernel printed back into the fields it
/// printed. Built once per event from its `format` file (`PrintFormat`), so every event the
/// kernel describes is decoded without code written for it.
///
/// For `dev %d,%d ino %lu lblk %u len %u flags %s` and the body
/// `dev 7,1 ino 12 lblk 0 len 1 flags CREATE|UNWRIT` it yields
/// `dev="7:1" ino=12 lblk=0 len=1 flags="CREATE|UNWRIT"`.
struct TextTemplate: Sendable {
    enum ValueKind: Sendable {
        case signed, unsigned, hex, octal, text
    }

    /// How strongly a printed value stands for its field; a stronger one replaces a weaker one
    /// when a field is printed twice (`flags %s (0x%x)` keeps the number).
    enum Strength: Int, Sendable {
        case computed = 0, rendered = 1, raw = 2
    }

    struct Value: Sendable {
        var field: Int               // index into `fieldNames`
        var kind: ValueKind
        var strength: Strength
        var devicePart: UInt8        // 0: none, 1: major, 2: minor
    }

    enum Step: Sendable {
        case literal([UInt8])
        case value(Value)
    }

    var steps: [Step]
    var fieldNames: [String]

    init?(_ format: EventFormat) {
        guard let pf = format.printFormat else { return nil }
        var steps: [Step] = []
        var names: [String] = []
        for piece in pf.pieces {
            switch piece {
            case .literal(let s):
                if case .literal(let prev)? = steps.last {
                    steps[steps.count - 1] = .literal(prev + Array(s.utf8))
                } else {
                    steps.append(.literal(Array(s.utf8)))
                }
            case .conversion(let c):
                guard let v = TextTemplate.value(for: c, in: pf, of: format, names: &names) else { return nil }
                steps.append(.value(v))
            }
        }
        self.steps = steps
        self.fieldNames = names
    }

    /// What a conversion's printed value stands for: the field it is stored under (appended to
    /// `names` on first sight), how it reads, and how strongly it stands for that field. Both
    /// readers classify conversions here, so a text line and a trace.dat record of the same
    /// event yield the same fields. Nil when the conversion has no argument.
    static func value(for c: PrintFormat.Conversion, in pf: PrintFormat, of format: EventFormat,
                      names: inout [String]) -> Value? {
        guard c.argumentIndex < pf.arguments.count else { return nil }
        let arg = pf.arguments[c.argumentIndex]
        guard c.ordinal < format.conversionNames.count, let name = format.conversionNames[c.ordinal] else {
            // A constant: still consumes printed text; store nowhere.
            return Value(field: -1, kind: .text, strength: .computed, devicePart: 0)
        }
        var index = names.firstIndex(of: name) ?? -1
        if index < 0 { names.append(name); index = names.count - 1 }
        var kind: ValueKind
        var strength: Strength
        var part: UInt8 = 0
        switch arg.role {
        case .field:
            strength = .raw
            let isText = format.field(named: name)?.isString ?? false
            kind = isText ? .text : TextTemplate.kind(of: c)
        case .symbolic, .string:
            strength = .rendered
            kind = .text
        case .deviceMajor:
            strength = .raw; kind = .unsigned; part = 1
        case .deviceMinor:
            strength = .raw; kind = .unsigned; part = 2
        case .computed:
            strength = .computed
            kind = TextTemplate.kind(of: c)
        case .constant:
            strength = .computed; kind = .text
        }
        return Value(field: index, kind: kind, strength: strength, devicePart: part)
    }

    /// How a conversion prints its value: `%s`, `%pS` as text; `%x`, `%p` in hex; `%o` octal.
    static func kind(of c: PrintFormat.Conversion) -> ValueKind {
        switch c.specifier {
        case "s", "c": return .text
        case "p": return c.pointerExtension.isEmpty || c.pointerExtension == "x" || c.pointerExtension == "K" ? .hex : .text
        case "x", "X": return .hex
        case "o": return .octal
        case "d", "i": return .signed
        case "u": return .unsigned
        default: return .text
        }
    }
}
