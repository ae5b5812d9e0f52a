/// A value while a print-format argument is evaluated: a C integer of a known type, or text.
enum PrintValue {
    case number(UInt64, CType)
    case text(String)
    /// Bytes of the record: a fixed array field, or a `__get_dynamic_array`.
    case bytes(Range<Int>)

    var isTrue: Bool? {
        if case .number(let v, _) = self { return v != 0 }
        return nil
    }
}

/// Whose printing to imitate: the kernel's own `trace` file, or libtraceevent's (`trace-cmd
/// report`), which prints `%pS` without the symbol size and symbolises any address, code or
/// not. (Enum names libtraceevent cannot resolve are printed by value in both styles.)
enum PrintStyle: Sendable {
    case kernel, traceCmd
}

/// What evaluating a record needs: its bytes, the file's byte order, and symbols for `%pS`.
struct PrintContext {
    /// A `var`: a worker decoding a chunk moves one context from record to record, rather
    /// than making one (and retaining its symbol table) per record.
    var record: UnsafeRawBufferPointer
    let loader: RawLoader
    let symbols: SymbolTable?
    let style: PrintStyle
    /// The kernel's HZ when the file reveals it (`KernelHZ.find`), for `jiffies_to_msecs`.
    var hz: UInt64? = nil
}

extension PrintExpression {
    /// The value the kernel computes for this expression on `ctx.record`; nil where it calls
    /// something that cannot be evaluated offline (`jiffies_to_msecs`, `jiffies`) or reads a
    /// field the record does not hold.
    func evaluate(_ ctx: PrintContext) -> PrintValue? {
        switch self {
        case .integer(let v, let t):
            return .number(v, t)
        case .string(let s):
            return .text(s)
        case .field(let f):
            return PrintExpression.read(f, ctx)
        case .identifier(let name):
            guard let v = KnownConstants.value(of: name) else { return nil }
            return .number(v, .int)
        case .unary(let op, let e):
            guard case .number(let v, let t)? = e.evaluate(ctx) else { return nil }
            let (n, nt) = PrintExpression.unary(op, v, t)
            return .number(n, nt)
        case .binary(let op, let a, let b):
            return PrintExpression.binary(op, a, b, ctx)
        case .ternary(let c, let a, let b):
            guard let cond = c.evaluate(ctx)?.isTrue else { return nil }
            return cond ? a.evaluate(ctx) : b.evaluate(ctx)
        case .cast(let t, let e):
            guard let v = e.evaluate(ctx) else { return nil }
            // Values are kept sign-extended, so widening a signed one needs no work.
            guard case .number(let n, _) = v else { return v }
            return .number(t.normalize(n), t)
        case .call(let name, let args):
            return PrintExpression.call(name, args, ctx)
        case .list:
            return nil
        case .flags(let e, let delimiter, let table):
            guard case .number(let v, _)? = e.evaluate(ctx) else { return nil }
            return .text(PrintExpression.printFlags(v, delimiter: delimiter, table))
        case .symbolic(let e, let table):
            guard case .number(let v, _)? = e.evaluate(ctx) else { return nil }
            return .text(table.first { $0.value == v }?.name ?? "0x" + String(v, radix: 16))
        }
    }

    /// C's unary `-`, `~` and `!` on an integer of type `t`.
    @inline(__always)
    static func unary(_ op: UInt8, _ v: UInt64, _ t: CType) -> (UInt64, CType) {
        let pt = t.promoted
        switch op {
        case UInt8(ascii: "-"): return (pt.normalize(0 &- v), pt)
        case UInt8(ascii: "~"): return (pt.normalize(~v), pt)
        default: return (v == 0 ? 1 : 0, .int)
        }
    }

    static func read(_ f: FieldFormat, _ ctx: PrintContext) -> PrintValue? {
        let r = ctx.record
        guard let base = r.baseAddress, f.offset >= 0, f.offset + f.size <= r.count else { return nil }
        if f.isString { return string(f, ctx).map { .text($0) } }
        if f.arrayCount != nil { return .bytes(f.offset..<(f.offset + f.size)) }
        guard !f.isDynamic || f.size == 4 else { return nil }
        let raw = ctx.loader.unsigned(base, f.offset, size: f.size)
        let t = CType(size: f.size, isSigned: f.isSigned)
        return .number(t.normalize(raw), t)
    }

    /// The bytes a `__data_loc`/`__rel_loc` field points at, when they lie inside the record.
    static func dynamicRange(_ f: FieldFormat, _ ctx: PrintContext) -> Range<Int>? {
        let r = ctx.record
        guard f.isDynamic, f.size == 4, let base = r.baseAddress, f.offset + 4 <= r.count else { return nil }
        let loc = ctx.loader.u32(base, f.offset)
        let start = Int(loc & 0xFFFF) + (f.isRelative ? f.offset + 4 : 0)
        let end = start + Int(loc >> 16)
        return end <= r.count ? start..<end : nil
    }

    /// A `char[N]` field up to its NUL, or a `__data_loc`/`__rel_loc` string.
    static func string(_ f: FieldFormat, _ ctx: PrintContext) -> String? {
        let r = ctx.record
        guard let base = r.baseAddress, f.offset + f.size <= r.count else { return nil }
        var start = f.offset, end = f.offset + f.size
        if f.isDynamic {
            guard f.size == 4 else { return nil }
            let loc = ctx.loader.u32(base, f.offset)
            start = Int(loc & 0xFFFF) + (f.isRelative ? f.offset + 4 : 0)
            end = start + Int(loc >> 16)
            guard end <= r.count else { return nil }
        }
        var stop = start
        while stop < end, r[stop] != 0 { stop += 1 }
        return String(decoding: UnsafeRawBufferPointer(rebasing: r[start..<stop]), as: UTF8.self)
    }

    static func binary(_ op: BinaryOperator, _ a: PrintExpression, _ b: PrintExpression, _ ctx: PrintContext) -> PrintValue? {
        if op == .logicalAnd || op == .logicalOr {
            guard let l = a.evaluate(ctx)?.isTrue else { return nil }
            if op == .logicalAnd && !l { return .number(0, .int) }
            if op == .logicalOr && l { return .number(1, .int) }
            guard let r = b.evaluate(ctx)?.isTrue else { return nil }
            return .number(r ? 1 : 0, .int)
        }
        guard case .number(let x, let tx)? = a.evaluate(ctx), case .number(let y, let ty)? = b.evaluate(ctx),
              let (v, t) = arithmetic(op, x, tx, y, ty) else { return nil }
        return .number(v, t)
    }

    /// C arithmetic on two integers of known types (every binary operator but `&&` and `||`):
    /// the usual conversions, then the result truncated to its type. Nil on division by zero.
    /// Shared by `evaluate` and `NumericProgram`, so both compute the same bits.
    @inline(__always)
    static func arithmetic(_ op: BinaryOperator, _ x: UInt64, _ tx: CType, _ y: UInt64, _ ty: CType) -> (UInt64, CType)? {
        if op == .shiftLeft || op == .shiftRight {
            let t = tx.promoted
            let n = y & 63
            if op == .shiftLeft { return (t.normalize(x << n), t) }
            let v = t.isSigned ? UInt64(bitPattern: Int64(bitPattern: x) >> Int64(n)) : t.normalize(x) >> n
            return (t.normalize(v), t)
        }
        let t = CType.common(tx, ty)
        let (l, r) = (t.normalize(x), t.normalize(y))
        let sl = Int64(bitPattern: l), sr = Int64(bitPattern: r)
        switch op {
        case .add: return (t.normalize(l &+ r), t)
        case .subtract: return (t.normalize(l &- r), t)
        case .multiply: return (t.normalize(l &* r), t)
        case .divide, .remainder:
            guard r != 0 else { return nil }
            if t.isSigned {
                guard !(sl == Int64.min && sr == -1) else { return nil }
                return (t.normalize(UInt64(bitPattern: op == .divide ? sl / sr : sl % sr)), t)
            }
            return (t.normalize(op == .divide ? l / r : l % r), t)
        case .bitAnd: return (l & r, t)
        case .bitOr: return (l | r, t)
        case .bitXor: return (l ^ r, t)
        case .equal: return (l == r ? 1 : 0, .int)
        case .notEqual: return (l != r ? 1 : 0, .int)
        case .less: return ((t.isSigned ? sl < sr : l < r) ? 1 : 0, .int)
        case .greater: return ((t.isSigned ? sl > sr : l > r) ? 1 : 0, .int)
        case .lessEqual: return ((t.isSigned ? sl <= sr : l <= r) ? 1 : 0, .int)
        case .greaterEqual: return ((t.isSigned ? sl >= sr : l >= r) ? 1 : 0, .int)
        case .shiftLeft, .shiftRight, .logicalAnd, .logicalOr: return nil
        }
    }

    /// The tracing helpers print formats call: `__print_flags`, `__print_symbolic`, `__get_str`.
    static func call(_ name: String, _ args: [PrintExpression], _ ctx: PrintContext) -> PrintValue? {
        switch name {
        case "__print_flags", "__print_flags_u64":
            guard args.count >= 2, case .number(let v, _)? = args[0].evaluate(ctx), case .text(let delimiter)? = args[1].evaluate(ctx),
                  let table = symbolTable(args.dropFirst(2), ctx) else { return nil }
            return .text(printFlags(v, delimiter: delimiter, table))
        case "__print_symbolic", "__print_symbolic_u64":
            guard args.count >= 1, case .number(let v, _)? = args[0].evaluate(ctx),
                  let table = symbolTable(args.dropFirst(1), ctx) else { return nil }
            return .text(table.first { $0.value == v }?.name ?? "0x" + String(v, radix: 16))
        case "jiffies_to_msecs", "jiffies_to_usecs":
            // trace-cmd's jbd2 plugin prints the jiffies themselves (it does not know HZ).
            if ctx.style == .traceCmd { return args.first?.evaluate(ctx) }
            // The kernel multiplies by 1000/HZ (or 1000000/HZ) when HZ divides it evenly; other
            // HZ values use a rounding scheme not reproduced here.
            let unit: UInt64 = name == "jiffies_to_msecs" ? 1000 : 1_000_000
            guard let hz = ctx.hz, hz > 0, unit % hz == 0, case .number(let j, _)? = args.first?.evaluate(ctx) else { return nil }
            return .number(CType.unsignedInt.normalize(j &* (unit / hz)), .unsignedInt)
        case "__get_dynamic_array", "__get_rel_dynamic_array":
            guard case .field(let f)? = args.first, let range = dynamicRange(f, ctx) else { return nil }
            return .bytes(range)
        case "__get_dynamic_array_len", "__get_rel_dynamic_array_len":
            guard case .field(let f)? = args.first, let range = dynamicRange(f, ctx) else { return nil }
            return .number(UInt64(range.count), .int)
        case "__print_array":
            // `{0x1,0x2}`: the kernel's trace_print_array_seq.
            guard args.count == 3, case .bytes(let range)? = args[0].evaluate(ctx), case .number(let count, _)? = args[1].evaluate(ctx),
                  case .number(let size, _)? = args[2].evaluate(ctx), [1, 2, 4, 8].contains(size),
                  let base = ctx.record.baseAddress else { return nil }
            let n = Int(min(count, UInt64(range.count) / size))
            let items = (0..<n).map { "0x" + String(ctx.loader.unsigned(base, range.lowerBound + $0 * Int(size), size: Int(size)), radix: 16) }
            return .text("{" + items.joined(separator: ",") + "}")
        case "__print_hex", "__print_hex_str":
            // `01 02 0a` (`__print_hex`) or `01020a` (`__print_hex_str`): trace_print_hex_seq.
            guard args.count == 2, case .bytes(let range)? = args[0].evaluate(ctx), case .number(let length, _)? = args[1].evaluate(ctx) else { return nil }
            let bytes = ctx.record[range.prefix(Int(min(length, UInt64(range.count))))]
            let hex = bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }
            return .text(hex.joined(separator: name == "__print_hex" ? " " : ""))
        case "__get_str", "__get_rel_str":
            guard case .field(let f)? = args.first else { return nil }
            return string(f, ctx).map { .text($0) }
        default:
            return nil
        }
    }

    /// `{ mask, "name" }` entries; nil when a mask cannot be evaluated (an unknown enum name).
    static func symbolTable(_ entries: ArraySlice<PrintExpression>, _ ctx: PrintContext) -> [(value: UInt64, name: String)]? {
        var table: [(UInt64, String)] = []
        for e in entries {
            guard case .list(let pair) = e, pair.count == 2, case .number(let v, _)? = pair[0].evaluate(ctx),
                  case .text(let n)? = pair[1].evaluate(ctx) else { return nil }
            table.append((v, n))
        }
        return table
    }

    static func printFlags(_ value: UInt64, delimiter: String, _ table: [(value: UInt64, name: String)]) -> String {
        printFlags(value, delimiter: delimiter, table.map { SymbolEntry(value: $0.value, name: $0.name) })
    }

    /// The kernel's `trace_print_flags_seq`: names of the masks set, in table order, then any
    /// bits left over in hex.
    static func printFlags(_ value: UInt64, delimiter: String, _ table: [SymbolEntry]) -> String {
        var flags = value
        var out = ""
        var first = true
        for entry in table where flags != 0 {
            guard flags & entry.value == entry.value else { continue }
            flags &= ~entry.value
            if !first { out += delimiter }
            first = false
            out += entry.name
        }
        if flags != 0 {
            if !first { out += delimiter }
            out += "0x" + String(flags, radix: 16)
        }
        return out
    }
}

extension CType {
    /// C's integer promotion: anything narrower than `int` becomes `int`.
    var promoted: CType { size < 4 ? .int : self }

    /// The usual arithmetic conversions of two operands.
    static func common(_ a: CType, _ b: CType) -> CType {
        let x = a.promoted, y = b.promoted
        if x.size == y.size { return CType(size: x.size, isSigned: x.isSigned && y.isSigned) }
        return x.size > y.size ? x : y
    }

    /// `v` truncated to this type and, when signed, sign-extended back to 64 bits.
    @inline(__always) func normalize(_ v: UInt64) -> UInt64 {
        guard size > 0, size < 8 else { return v }
        let bits = UInt64(size * 8)
        let masked = v & ((1 << bits) - 1)
        if isSigned, masked >> (bits - 1) != 0 { return masked | ~((1 << bits) - 1) }
        return masked
    }
}
