/// Turns one event's records into fields (and, for `events --format report`, text) by
/// printing each conversion of the event's print format with `PrintFormatEvaluator` and
/// storing it under the rules the text reader uses (`TextTemplate.value(for:)`,
/// `FieldAssembly`), so a record decodes to the fields its printed line would.
///
///     print fmt: "dev %d,%d ino %lu lblk %u", MAJOR, MINOR, (unsigned long) REC->ino, REC->lblk
///     record:    dev=0x00700001 ino=12 lblk=0   → dev="7:1" ino=12 lblk=0
///
/// A class: the reader keeps one per event type and decodes every record of that type with it,
/// reusing its field assembly's storage (so it is used by one thread at a time).
final class RecordDecoder {
    enum Piece {
        case literal(String)
        /// An index into `conversions`.
        case conversion(Int)
    }

    struct Conversion {
        var spec: PrintFormat.Conversion
        var expression: PrintExpression?
        var value: TextTemplate.Value
        /// The field the value is stored under, read raw when the expression cannot be
        /// evaluated (`jiffies_to_msecs(REC->wait)` keeps `wait` in jiffies).
        var field: FieldFormat?
        /// How the conversion prints a number, worked out once (nil: not a numeric conversion).
        var number: NumberRule?
    }

    /// `PrintFormat.Conversion.number` with its specifier and length looked at once, not per
    /// record: `%d`/`%i` are signed, `%u %x %X %o` unsigned, in the length's bits
    /// (`hh` 8, `h` 16, none 32, `l`/`ll`/`z` 64).
    struct NumberRule {
        var signed: Bool
        var bits: Int

        init(signed: Bool, bits: Int) {
            self.signed = signed
            self.bits = bits
        }

        init?(_ c: PrintFormat.Conversion) {
            switch c.specifier {
            case "d", "i": signed = true
            case "u", "x", "X", "o": signed = false
            default: return nil
            }
            switch c.length {
            case "hh": bits = 8
            case "h": bits = 16
            case "": bits = 32
            default: bits = 64
            }
        }

        @inline(__always)
        func value(_ v: PrintValue) -> FieldValue? {
            guard case .number(let raw, _) = v else { return nil }
            return value(raw: raw)
        }

        @inline(__always)
        func value(raw: UInt64) -> FieldValue {
            let shift = UInt64(64 - bits)
            if signed {
                let n = Int64(bitPattern: raw << shift) >> shift
                return n < 0 ? .int(n) : .uint(UInt64(n))
            }
            return .uint((raw << shift) >> shift)
        }
    }

    /// A conversion that stores a field, as `fields` walks it: only trivial values, so the
    /// per-record loop retains nothing. `root` is its expression's `NumericProgram` node when
    /// it is a number computed from scalar fields and printed as a number (-1 otherwise: it
    /// goes through `PrintExpression.evaluate` and the printf rules).
    struct FieldStep {
        var conversion: Int
        var root: Int
        var value: TextTemplate.Value
        var rule: NumberRule
    }

    // Set once by `init` (`let`: reading them per record needs no exclusivity check).
    let pieces: [Piece]
    let conversions: [Conversion]
    let steps: [FieldStep]
    let program: NumericProgram
    let fieldNames: [String]
    /// The event's own fields, read raw when it has no usable print format.
    let rawFields: [FieldFormat]
    /// Those of `rawFields` that `fields` decodes.
    let rawDecoded: [FieldFormat]
    let hasPrintFormat: Bool
    /// Whether a conversion prints a symbol (`%pS`, `%ps`), so kallsyms must be loaded.
    let needsSymbols: Bool
    /// Whether a conversion `fields` decodes prints a symbol: `needsSymbols` narrowed to the
    /// fields asked for (`only`), for a reader that renders no bodies.
    let decodedFieldsNeedSymbols: Bool
    /// Whether an argument converts jiffies (`jiffies_to_msecs`), so the kernel's HZ is needed.
    let needsHZ: Bool
    /// Whether each field has one step, or a major step then its minor's, in field order
    /// (`directSteps`), so `fields` can append each value as it is computed without the
    /// `FieldAssembly` (whose rules only matter when a field is printed more than once).
    let direct: Bool
    /// Scratch for `fields`, emptied per record.
    var assembly: FieldAssembly

    /// `only`: the names of the fields `fields` decodes (nil: every field); `render` still
    /// prints the whole body.
    init(_ format: EventFormat, only: Set<String>? = nil) {
        rawFields = format.fields
        rawDecoded = only.map { only in format.fields.filter { only.contains($0.name) } } ?? format.fields
        var names: [String] = []
        var pieces: [Piece] = []
        var conversions: [Conversion] = []
        var needsSymbols = false, needsHZ = false
        var usable = format.printFormat != nil
        if let pf = format.printFormat {
            for piece in pf.pieces {
                switch piece {
                case .literal(let s):
                    pieces.append(.literal(s))
                case .conversion(let c):
                    guard let v = TextTemplate.value(for: c, in: pf, of: format, names: &names) else { usable = false; break }
                    let expression = PrintExpressionParser.parse(pf.arguments[c.argumentIndex].text, fields: format.field(named:))?.folded()
                    let field = v.field >= 0 ? format.field(named: names[v.field]) : nil
                    pieces.append(.conversion(conversions.count))
                    conversions.append(Conversion(spec: c, expression: expression, value: v, field: field, number: NumberRule(c)))
                    if c.isSymbol { needsSymbols = true }
                    if pf.arguments[c.argumentIndex].text.contains("jiffies_to_") { needsHZ = true }
                }
                if !usable { break }
            }
        }
        self.needsSymbols = needsSymbols
        self.needsHZ = needsHZ
        hasPrintFormat = usable
        guard usable else {
            self.pieces = []
            self.conversions = []
            steps = []
            program = NumericProgram()
            fieldNames = []
            direct = false
            assembly = FieldAssembly(count: 0)
            decodedFieldsNeedSymbols = false
            return
        }
        // Decoding only some fields, the assembly holds only those (in the same order): no
        // other field can get a value, and a record's assembly is reset and read in full.
        var kept = names.indices.map { $0 }
        if let only {
            var n = 0
            for i in names.indices { if only.contains(names[i]) { kept[i] = n; n += 1 } else { kept[i] = -1 } }
            names = names.filter { only.contains($0) }
        }
        var program = NumericProgram()
        var steps: [FieldStep] = []
        for (k, c) in conversions.enumerated() where c.value.field >= 0 && kept[c.value.field] >= 0 {
            var root = -1
            if c.value.kind != .text, c.number != nil, let e = c.expression, let r = program.add(e) { root = r }
            var value = c.value
            value.field = kept[c.value.field]
            steps.append(FieldStep(conversion: k, root: root, value: value,
                                   rule: c.number ?? NumberRule(signed: false, bits: 64)))
        }
        self.pieces = pieces
        self.conversions = conversions
        self.steps = steps
        decodedFieldsNeedSymbols = steps.contains { conversions[$0.conversion].spec.isSymbol }
        self.program = program
        fieldNames = names
        direct = RecordDecoder.directSteps(steps)
        assembly = FieldAssembly(count: names.count)
    }

    /// Whether `steps` give each field one value in field order: every step's field is after
    /// the previous step's, except a `MINOR(dev)` step right after its own `MAJOR(dev)` step.
    /// Then `FieldAssembly`'s strongest-value rule never has two values to choose from, and
    /// its output order (by field) is the steps' order.
    static func directSteps(_ steps: [FieldStep]) -> Bool {
        var i = 0
        var lastField = -1
        while i < steps.count {
            let v = steps[i].value
            guard v.field > lastField else { return false }
            switch v.devicePart {
            case 0:
                i += 1
            case 1:
                guard i + 1 < steps.count, steps[i + 1].value.field == v.field, steps[i + 1].value.devicePart == 2 else { return false }
                i += 2
            default:
                return false
            }
            lastField = v.field
        }
        return true
    }

    /// The fields of one record.
    func fields(_ ctx: PrintContext) -> [EventField] {
        var fields: [EventField] = []
        self.fields(ctx, into: &fields)
        return fields
    }

    /// The fields of one record, in place of `out`'s (whose storage is kept: a worker decoding
    /// a chunk reuses one array for all its records rather than allocating one per record).
    func fields(_ ctx: PrintContext, into out: inout [EventField]) {
        out.removeAll(keepingCapacity: true)
        guard hasPrintFormat else {
            for f in rawDecoded {
                if let v = RecordDecoder.raw(f, ctx) { out.append(EventField(f.name, v)) }
            }
            return
        }
        // The scratch is moved into a local for the loop: one exclusive access per record
        // rather than one per conversion.
        var a = FieldAssembly(count: 0)
        swap(&a, &assembly)
        defer { swap(&a, &assembly) }
        program.nodes.withUnsafeBufferPointer { nodes in
            steps.withUnsafeBufferPointer { steps in
                if direct {
                    // The rules of `FieldAssembly.record` and `fields(named:)` for one value
                    // per field: a major is kept until its minor makes "7:1" of them (or, with
                    // no minor number, is the field's value).
                    var major: UInt64? = nil
                    for s in steps {
                        let value = self.value(s, nodes, ctx)
                        switch s.value.devicePart {
                        case 1:
                            major = value?.uint
                        case 2:
                            guard let m = major else { break }
                            major = nil
                            if let minor = value?.uint {
                                out.append(EventField(fieldNames[s.value.field], .string(a.device(m, minor))))
                            } else {
                                out.append(EventField(fieldNames[s.value.field], .uint(m)))
                            }
                        default:
                            if let value { out.append(EventField(fieldNames[s.value.field], value)) }
                        }
                    }
                } else {
                    assembled(steps, nodes, ctx, &a, into: &out)
                }
            }
        }
    }

    /// The fields of one record through `FieldAssembly`, in place of `out`'s: the path of a
    /// decoder that is not `direct` (and the reference its direct path is tested against).
    func assembledFields(_ ctx: PrintContext, into out: inout [EventField]) {
        out.removeAll(keepingCapacity: true)
        guard hasPrintFormat else { return fields(ctx, into: &out) }
        var a = FieldAssembly(count: 0)
        swap(&a, &assembly)
        defer { swap(&a, &assembly) }
        program.nodes.withUnsafeBufferPointer { nodes in
            steps.withUnsafeBufferPointer { steps in assembled(steps, nodes, ctx, &a, into: &out) }
        }
    }

    /// Every step's value recorded in `a` under the assembly's rules, then its fields
    /// appended to `out`.
    private func assembled(_ steps: UnsafeBufferPointer<FieldStep>, _ nodes: UnsafeBufferPointer<NumericProgram.Node>,
                           _ ctx: PrintContext, _ a: inout FieldAssembly, into out: inout [EventField]) {
        a.reset()
        for s in steps {
            if let value = self.value(s, nodes, ctx) { a.record(value, as: s.value) }
        }
        // `FieldAssembly.fields(named:)`, appended to `out`: the fields in the order
        // the print format first names them, a lone major as its number.
        out.reserveCapacity(fieldNames.count)
        a.appendFields(named: fieldNames, to: &out)
    }

    /// The value one step stores: its expression computed as a number, or printed; the
    /// field's raw value when the expression cannot be evaluated.
    @inline(__always)
    private func value(_ s: FieldStep, _ nodes: UnsafeBufferPointer<NumericProgram.Node>, _ ctx: PrintContext) -> FieldValue? {
        var value: FieldValue? = nil
        if s.root >= 0 {
            if let raw = NumericProgram.evaluate(nodes, s.root, ctx.record, ctx.loader) { value = s.rule.value(raw: raw) }
        } else {
            value = printed(s.conversion, ctx)
        }
        if value == nil, let f = conversions[s.conversion].field { value = RecordDecoder.raw(f, ctx) }
        return value
    }

    /// Conversion `k`'s value through `PrintExpression.evaluate`: numbers need no text; text
    /// kinds are the printed text. Nil when the expression cannot be evaluated.
    func printed(_ k: Int, _ ctx: PrintContext) -> FieldValue? {
        let c = conversions[k]
        guard let result = c.expression?.evaluate(ctx) else { return nil }
        if c.value.kind != .text, let n = c.number?.value(result) { return n }
        guard let printed = c.spec.print(result, ctx) else { return nil }
        return c.value.kind == .text ? .string(printed.text) : printed.number ?? .string(printed.text)
    }

    /// The record printed through its print format, as `trace-cmd report` prints the body.
    func render(_ ctx: PrintContext) -> String {
        guard hasPrintFormat else {
            return rawFields.compactMap { f in RecordDecoder.raw(f, ctx).map { "\(f.name)=\($0)" } }.joined(separator: " ")
        }
        var out = ""
        for piece in pieces {
            switch piece {
            case .literal(let s): out += s
            case .conversion(let k):
                // What cannot be evaluated offline (`jiffies - REC->dirtied_when`) prints as `?`.
                let c = conversions[k]
                out += c.expression?.evaluate(ctx).flatMap({ c.spec.print($0, ctx) })?.text ?? "?"
            }
        }
        return out
    }

    /// A field's own value: an integer (signed as declared), or text for `char` arrays and
    /// `__data_loc` strings; nil for other arrays or fields past the record's end.
    static func raw(_ f: FieldFormat, _ ctx: PrintContext) -> FieldValue? {
        switch PrintExpression.read(f, ctx) {
        case .text(let s)?: return .string(s)
        case .number(let v, let t)?: return t.isSigned && Int64(bitPattern: v) < 0 ? .int(Int64(bitPattern: v)) : .uint(v)
        case .bytes?, nil: return nil
        }
    }
}
