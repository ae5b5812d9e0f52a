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
            let shift = UInt64(64 - bits)
            if signed {
                let n = Int64(bitPattern: raw << shift) >> shift
                return n < 0 ? .int(n) : .uint(UInt64(n))
            }
            return .uint((raw << shift) >> shift)
        }
    }

    var pieces: [Piece] = []
    var conversions: [Conversion] = []
    var fieldNames: [String] = []
    /// The event's own fields, read raw when it has no usable print format.
    var rawFields: [FieldFormat]
    var hasPrintFormat: Bool
    /// Whether a conversion prints a symbol (`%pS`, `%ps`), so kallsyms must be loaded.
    var needsSymbols = false
    /// Whether an argument converts jiffies (`jiffies_to_msecs`), so the kernel's HZ is needed.
    var needsHZ = false
    /// Scratch for `fields`, emptied per record.
    var assembly: FieldAssembly

    init(_ format: EventFormat) {
        rawFields = format.fields
        hasPrintFormat = false
        assembly = FieldAssembly(count: 0)
        guard let pf = format.printFormat else { return }
        var names: [String] = []
        var pieces: [Piece] = []
        var conversions: [Conversion] = []
        for piece in pf.pieces {
            switch piece {
            case .literal(let s):
                pieces.append(.literal(s))
            case .conversion(let c):
                guard let v = TextTemplate.value(for: c, in: pf, of: format, names: &names) else { return }
                let expression = PrintExpressionParser.parse(pf.arguments[c.argumentIndex].text, fields: format.field(named:))?.folded()
                let field = v.field >= 0 ? format.field(named: names[v.field]) : nil
                pieces.append(.conversion(conversions.count))
                conversions.append(Conversion(spec: c, expression: expression, value: v, field: field, number: NumberRule(c)))
                if c.isSymbol { needsSymbols = true }
                if pf.arguments[c.argumentIndex].text.contains("jiffies_to_") { needsHZ = true }
            }
        }
        self.pieces = pieces
        self.conversions = conversions
        fieldNames = names
        assembly = FieldAssembly(count: names.count)
        hasPrintFormat = true
    }

    /// The fields of one record.
    func fields(_ ctx: PrintContext) -> [EventField] {
        guard hasPrintFormat else {
            return rawFields.compactMap { f in RecordDecoder.raw(f, ctx).map { EventField(f.name, $0) } }
        }
        assembly.reset()
        for k in conversions.indices where conversions[k].value.field >= 0 {
            let v = conversions[k].value
            var value: FieldValue? = nil
            if let result = conversions[k].expression?.evaluate(ctx) {
                // Numbers need no text; text kinds are the printed text.
                if v.kind != .text, let n = conversions[k].number?.value(result) {
                    value = n
                } else if let printed = conversions[k].spec.print(result, ctx) {
                    value = v.kind == .text ? .string(printed.text) : printed.number ?? .string(printed.text)
                }
            }
            if value == nil, let f = conversions[k].field { value = RecordDecoder.raw(f, ctx) }
            if let value { assembly.record(value, as: v) }
        }
        return assembly.fields(named: fieldNames)
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
