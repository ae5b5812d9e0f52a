/// One argument of a `print fmt:`, parsed as the C expression it is, so that a record can be
/// printed exactly as the kernel's `trace_output` would print it:
///
///     ((unsigned int) ((REC->dev) >> 20))
///     __print_flags(REC->flags, "|", { 0x0001, "CREATE" }, { 0x0002, "UNWRIT" })
///     REC->found ? REC->pblk : 0
///     (void *)REC->ip
///
/// Mirrors libtraceevent's `struct tep_print_arg` tree (`process_arg` in event-parse.c).
indirect enum PrintExpression: Sendable {
    case integer(UInt64, CType)
    case string(String)
    /// `REC->name`, resolved against the event's fields.
    case field(FieldFormat)
    /// A name the format leaves unresolved: an enum constant (`IOPRIO_CLASS_BE`), `jiffies`,
    /// or a field the format does not declare.
    case identifier(String)
    case unary(UInt8, PrintExpression)
    case binary(BinaryOperator, PrintExpression, PrintExpression)
    case ternary(PrintExpression, PrintExpression, PrintExpression)
    case cast(CType, PrintExpression)
    case call(String, [PrintExpression])
    /// `{ mask, "name" }` of a flags or symbol table.
    case list([PrintExpression])

    enum BinaryOperator: Sendable {
        case add, subtract, multiply, divide, remainder, shiftLeft, shiftRight
        case bitAnd, bitOr, bitXor, logicalAnd, logicalOr
        case less, greater, lessEqual, greaterEqual, equal, notEqual
    }
}

/// A C scalar type as far as printing needs it: its size in bytes (0: unknown, keep the
/// value's own) and signedness.
struct CType: Sendable, Hashable {
    var size: Int
    var isSigned: Bool

    static let int = CType(size: 4, isSigned: true)
    static let unsignedInt = CType(size: 4, isSigned: false)
    static let long = CType(size: 8, isSigned: true)
    static let unsignedLong = CType(size: 8, isSigned: false)

    /// The type a cast names: `unsigned int`, `u32`, `void *`, `__kernel_rwf_t`, `long long`.
    static func named(_ words: [String], pointer: Bool) -> CType? {
        if pointer { return .unsignedLong }
        var signed = true, explicitSign = false
        var size = 0
        var longs = 0
        for w in words {
            switch w {
            case "unsigned": signed = false; explicitSign = true
            case "signed": signed = true; explicitSign = true
            case "char": size = 1
            case "short": size = 2
            case "int": if size == 0 { size = 4 }
            case "long": longs += 1
            case "bool", "_Bool": size = 1; signed = false
            case "void": size = 8; signed = false
            case "const", "volatile", "struct", "enum": continue
            default:
                if let t = typedef(w) { size = t.size; if !explicitSign { signed = t.isSigned } } else { return nil }
            }
        }
        if longs > 0 { size = 8 }
        if size == 0 && explicitSign { size = 4 }
        guard size > 0 else { return nil }
        return CType(size: size, isSigned: signed)
    }

    /// Kernel typedefs that print formats cast to.
    static func typedef(_ name: String) -> CType? {
        switch name {
        case "u8", "__u8", "uint8_t": return CType(size: 1, isSigned: false)
        case "s8", "__s8", "int8_t": return CType(size: 1, isSigned: true)
        case "u16", "__u16", "uint16_t", "umode_t": return CType(size: 2, isSigned: false)
        case "s16", "__s16", "int16_t": return CType(size: 2, isSigned: true)
        case "u32", "__u32", "uint32_t", "dev_t", "gfp_t", "ext4_lblk_t", "tid_t", "blk_opf_t", "fmode_t": return CType(size: 4, isSigned: false)
        case "s32", "__s32", "int32_t", "__kernel_rwf_t", "pid_t": return CType(size: 4, isSigned: true)
        case "u64", "__u64", "uint64_t", "size_t", "sector_t", "pgoff_t", "ext4_fsblk_t", "blkcnt_t", "uintptr_t", "ino_t": return CType(size: 8, isSigned: false)
        case "s64", "__s64", "int64_t", "ssize_t", "loff_t", "long_t", "time64_t", "ktime_t": return CType(size: 8, isSigned: true)
        default: return nil
        }
    }

    static func isTypeWord(_ w: String) -> Bool {
        switch w {
        case "unsigned", "signed", "char", "short", "int", "long", "bool", "_Bool", "void", "const", "volatile", "struct", "enum":
            return true
        default:
            return typedef(w) != nil
        }
    }
}
