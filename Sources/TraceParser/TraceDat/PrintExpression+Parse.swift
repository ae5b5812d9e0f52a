/// A hand-written recursive-descent parser for print-format arguments. Precedence follows C:
/// `?:` < `||` < `&&` < `|` < `^` < `&` < `== !=` < `< > <= >=` < `<< >>` < `+ -` < `* / %`
/// < unary and casts < postfix (`REC->x`, calls).
struct PrintExpressionParser {
    enum Token: Equatable {
        case number(UInt64, CType)
        case string(String)
        case identifier(String)
        case punct(String)
    }

    var tokens: [Token]
    var position = 0
    let fields: (String) -> FieldFormat?

    init?(_ text: String, fields: @escaping (String) -> FieldFormat?) {
        guard let t = PrintExpressionParser.tokenize(Array(text.utf8)) else { return nil }
        tokens = t
        self.fields = fields
    }

    /// Parses the whole text as one expression; nil when it is not one ext4trace understands.
    static func parse(_ text: String, fields: @escaping (String) -> FieldFormat?) -> PrintExpression? {
        guard var p = PrintExpressionParser(text, fields: fields), let e = p.expression(), p.position == p.tokens.count else { return nil }
        return e
    }

    // MARK: Tokens

    static func tokenize(_ b: [UInt8]) -> [Token]? {
        var out: [Token] = []
        var i = 0
        let threeChar = ["<<=", ">>="]
        let twoChar = ["->", "<<", ">>", "<=", ">=", "==", "!=", "&&", "||"]
        while i < b.count {
            let c = b[i]
            if c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D { i += 1; continue }
            if isIdentStart(c) {
                var j = i
                while j < b.count, isIdentStart(b[j]) || isDigit(b[j]) { j += 1 }
                out.append(.identifier(String(decoding: b[i..<j], as: UTF8.self)))
                i = j
            } else if isDigit(c) {
                guard let (v, type, j) = number(b, i) else { return nil }
                out.append(.number(v, type))
                i = j
            } else if c == 0x22 {
                var s: [UInt8] = []
                var j = i + 1
                while j < b.count, b[j] != 0x22 {
                    if b[j] == 0x5C, j + 1 < b.count {
                        j += 1
                        switch b[j] {
                        case UInt8(ascii: "n"): s.append(0x0A)
                        case UInt8(ascii: "t"): s.append(0x09)
                        default: s.append(b[j])
                        }
                    } else { s.append(b[j]) }
                    j += 1
                }
                guard j < b.count else { return nil }
                // Adjacent literals concatenate.
                if case .string(let prev)? = out.last { out[out.count - 1] = .string(prev + String(decoding: s, as: UTF8.self)) }
                else { out.append(.string(String(decoding: s, as: UTF8.self))) }
                i = j + 1
            } else if c == 0x27, i + 2 < b.count, b[i + 2] == 0x27 {
                out.append(.number(UInt64(b[i + 1]), .int))
                i += 3
            } else {
                let rest = b[i...]
                if let op = threeChar.first(where: { rest.starts(with: $0.utf8) }) {
                    out.append(.punct(op)); i += 3
                } else if let op = twoChar.first(where: { rest.starts(with: $0.utf8) }) {
                    out.append(.punct(op)); i += 2
                } else if "(){}[],?:+-*/%&|^~!<>.".utf8.contains(c) {
                    out.append(.punct(String(UnicodeScalar(c)))); i += 1
                } else {
                    return nil
                }
            }
        }
        return out
    }

    static func isIdentStart(_ c: UInt8) -> Bool { c == 0x5F || (c | 0x20 >= 0x61 && c | 0x20 <= 0x7A) }
    static func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }

    /// A C integer literal with its suffix: `20`, `0x0001`, `1U`, `1UL`, `0x40000000`.
    static func number(_ b: [UInt8], _ start: Int) -> (UInt64, CType, Int)? {
        var i = start
        var v: UInt64 = 0
        var radix: UInt64 = 10
        if b[i] == 0x30, i + 1 < b.count, b[i + 1] | 0x20 == 0x78 { radix = 16; i += 2 }
        else if b[i] == 0x30, i + 1 < b.count, isDigit(b[i + 1]) { radix = 8; i += 1 }
        while i < b.count {
            let c = b[i]
            let d: UInt64
            if isDigit(c) { d = UInt64(c - 0x30) } else if radix == 16, (c | 0x20) >= 0x61, (c | 0x20) <= 0x66 { d = UInt64((c | 0x20) - 0x61 + 10) } else { break }
            guard d < radix else { return nil }
            let (m, o1) = v.multipliedReportingOverflow(by: radix)
            let (a, o2) = m.addingReportingOverflow(d)
            guard !o1, !o2 else { return nil }
            v = a
            i += 1
        }
        var unsigned = false, longs = 0
        while i < b.count, b[i] | 0x20 == 0x75 || b[i] | 0x20 == 0x6C {
            if b[i] | 0x20 == 0x75 { unsigned = true } else { longs += 1 }
            i += 1
        }
        let fitsInt = v <= UInt64(Int32.max)
        let size = longs > 0 || !(fitsInt || (radix != 10 && v <= UInt64(UInt32.max))) ? 8 : 4
        let isSigned = !unsigned && (size == 8 ? v <= UInt64(Int64.max) : fitsInt)
        return (v, CType(size: size, isSigned: isSigned), i)
    }

    // MARK: Grammar

    var peek: Token? { position < tokens.count ? tokens[position] : nil }

    mutating func accept(_ p: String) -> Bool {
        if peek == .punct(p) { position += 1; return true }
        return false
    }

    mutating func expression() -> PrintExpression? {
        guard let c = binary(level: 0) else { return nil }
        if accept("?") {
            guard let a = expression(), accept(":"), let b = expression() else { return nil }
            return .ternary(c, a, b)
        }
        return c
    }

    static let levels: [[(String, PrintExpression.BinaryOperator)]] = [
        [("||", .logicalOr)], [("&&", .logicalAnd)], [("|", .bitOr)], [("^", .bitXor)], [("&", .bitAnd)],
        [("==", .equal), ("!=", .notEqual)],
        [("<=", .lessEqual), (">=", .greaterEqual), ("<", .less), (">", .greater)],
        [("<<", .shiftLeft), (">>", .shiftRight)],
        [("+", .add), ("-", .subtract)],
        [("*", .multiply), ("/", .divide), ("%", .remainder)],
    ]

    mutating func binary(level: Int) -> PrintExpression? {
        guard level < PrintExpressionParser.levels.count else { return unary() }
        guard var lhs = binary(level: level + 1) else { return nil }
        loop: while true {
            for (text, op) in PrintExpressionParser.levels[level] where accept(text) {
                guard let rhs = binary(level: level + 1) else { return nil }
                lhs = .binary(op, lhs, rhs)
                continue loop
            }
            return lhs
        }
    }

    mutating func unary() -> PrintExpression? {
        for op in ["-", "!", "~", "+"] where accept(op) {
            guard let e = unary() else { return nil }
            return op == "+" ? e : .unary(UInt8(ascii: op.unicodeScalars.first!), e)
        }
        if accept("&") || accept("*") { return unary().map { .call("__address", [$0]) } }
        if let type = castType() {
            guard let e = unary() else { return nil }
            return .cast(type, e)
        }
        return postfix()
    }

    /// `(unsigned long)`, `( u32)`, `(void *)`: a parenthesised run of type words.
    mutating func castType() -> CType? {
        guard peek == .punct("(") else { return nil }
        var j = position + 1
        var words: [String] = []
        var pointer = false
        while j < tokens.count {
            switch tokens[j] {
            case .identifier(let w) where !pointer && CType.isTypeWord(w): words.append(w)
            case .punct("*") where !words.isEmpty: pointer = true
            case .punct(")"):
                guard !words.isEmpty, let t = CType.named(words, pointer: pointer) else { return nil }
                position = j + 1
                return t
            default: return nil
            }
            j += 1
        }
        return nil
    }

    mutating func postfix() -> PrintExpression? {
        guard let t = peek else { return nil }
        position += 1
        switch t {
        case .number(let v, let type): return .integer(v, type)
        case .string(let s): return .string(s)
        case .punct("("):
            guard let e = expression(), accept(")") else { return nil }
            return e
        case .punct("{"):
            var items: [PrintExpression] = []
            while !accept("}") {
                guard let e = expression() else { return nil }
                items.append(e)
                if !accept(",") { guard accept("}") else { return nil }; break }
            }
            return .list(items)
        case .identifier("REC"):
            guard accept("->"), case .identifier(let name)? = peek else { return nil }
            position += 1
            return fields(name).map { .field($0) } ?? .identifier("REC->" + name)
        case .identifier(let name):
            if accept("(") {
                var args: [PrintExpression] = []
                while !accept(")") {
                    guard let e = expression() else { return nil }
                    args.append(e)
                    if !accept(",") { guard accept(")") else { return nil }; break }
                }
                // `__get_str(cmd)` names a field without `REC->`.
                if name.hasPrefix("__get_"), case .identifier(let f)? = args.first, let field = fields(f) {
                    args[0] = .field(field)
                }
                return .call(name, args)
            }
            return .identifier(name)
        default:
            return nil
        }
    }
}
