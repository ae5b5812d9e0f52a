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

    /// One step of the template laid out flat for `match`: a literal (its bytes are
    /// `pool[literalStart..<literalStart + literalCount]`) or a value, whose literal fields then
    /// name the literal that follows it (count 0 when the value ends the template). Trivial, so
    /// walking the steps retains nothing.
    struct Op: Sendable {
        var isValue: Bool
        var literalStart: Int32
        var literalCount: Int32
        var value: Value
    }

    var steps: [Step]
    var fieldNames: [String]
    /// `steps` compiled: every literal's bytes in one pool, each value knowing its next literal.
    var ops: [Op]
    var pool: [UInt8]

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
        let compiled = TextTemplate.compile(steps)
        ops = compiled.0
        pool = compiled.1
    }

    /// Lays `steps` out as `ops` over one byte pool (see `Op`).
    static func compile(_ steps: [Step]) -> ([Op], [UInt8]) {
        var pool: [UInt8] = []
        var literals: [(Int32, Int32)] = []
        for step in steps {
            if case .literal(let lit) = step {
                literals.append((Int32(pool.count), Int32(lit.count)))
                pool += lit
            } else {
                literals.append((0, 0))
            }
        }
        let none = Value(field: -1, kind: .text, strength: .computed, devicePart: 0)
        var ops: [Op] = []
        ops.reserveCapacity(steps.count)
        for (s, step) in steps.enumerated() {
            switch step {
            case .literal:
                ops.append(Op(isValue: false, literalStart: literals[s].0, literalCount: literals[s].1, value: none))
            case .value(let v):
                let next = s + 1 < steps.count ? literals[s + 1] : (0, 0)
                ops.append(Op(isValue: true, literalStart: next.0, literalCount: next.1, value: v))
            }
        }
        return (ops, pool)
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
