/// The `print fmt:` of an event, split into the C format string's pieces and its arguments.
///
///     "dev %d,%d ino %lu lblk %u", ((unsigned int) ((REC->dev) >> 20)), ..., REC->lblk
///
/// Each conversion names the argument it prints, and each argument is classified by how it
/// derives from the record (`PrintArgument.Role`): the raw field, a symbolic rendering
/// (`__print_flags`), a string, one half of a `dev_t`, or a computed value. The text decoder
/// uses this to read printed lines back into fields; the trace.dat renderer to print them.
public struct PrintFormat: Sendable {
    public enum Piece: Sendable, Hashable {
        case literal(String)
        case conversion(Conversion)
    }

    /// One `%` conversion of the format string.
    public struct Conversion: Sendable, Hashable {
        /// Flag characters: any of `-+ #0`.
        public var flags: String
        public var width: Int?
        public var widthFromArgument: Bool
        public var precision: Int?
        /// Length modifier: `hh`, `h`, `l`, `ll`, `z`, ...
        public var length: String
        /// The conversion character: `d i u x X o c s p`.
        public var specifier: Character
        /// Letters after `%p` (`S` in `%pS`, `s` in `%ps`).
        public var pointerExtension: String
        /// Index into `PrintFormat.arguments` of the value printed.
        public var argumentIndex: Int
        /// This conversion's position among the format's conversions (0, 1, 2, ...).
        public var ordinal: Int

        public var isNumeric: Bool { "diuxXoc".contains(specifier) && specifier != "c" }
        public var isHex: Bool { specifier == "x" || specifier == "X" }
        public var isSigned: Bool { specifier == "d" || specifier == "i" }
        public var isSymbol: Bool { specifier == "p" && (pointerExtension.hasPrefix("S") || pointerExtension.hasPrefix("s") || pointerExtension.hasPrefix("B") || pointerExtension.hasPrefix("F") || pointerExtension.hasPrefix("f")) }
    }

    public var formatString: String
    public var pieces: [Piece]
    public var arguments: [PrintArgument]

    public init(parsing text: String) throws(TraceError) {
        var chars = Array(text.utf8)[...]
        guard let (fmt, rest) = PrintFormat.readStringLiterals(&chars) else {
            throw TraceError(.format, file: "print fmt", "expected a quoted format string")
        }
        formatString = fmt
        _ = rest
        var argText = String(decoding: chars, as: UTF8.self)
        while let f = argText.first, f == " " || f == "," { argText.removeFirst() }
        arguments = PrintFormat.splitArguments(argText).map(PrintArgument.init(text:))
        pieces = try PrintFormat.splitPieces(fmt)
    }

    /// Reads one or more adjacent C string literals ("a" "b") and returns their text.
    private static func readStringLiterals(_ s: inout ArraySlice<UInt8>) -> (String, Void)? {
        var out: [UInt8] = []
        var sawOne = false
        while true {
            while let c = s.first, c == 0x20 || c == 0x09 { s.removeFirst() }
            guard s.first == UInt8(ascii: "\"") else { break }
            s.removeFirst()
            sawOne = true
            var closed = false
            while let c = s.popFirst() {
                if c == UInt8(ascii: "\"") { closed = true; break }
                if c == UInt8(ascii: "\\"), let e = s.popFirst() {
                    switch e {
                    case UInt8(ascii: "n"): out.append(0x0A)
                    case UInt8(ascii: "t"): out.append(0x09)
                    case UInt8(ascii: "r"): out.append(0x0D)
                    case UInt8(ascii: "0"): out.append(0)
                    default: out.append(e)
                    }
                } else {
                    out.append(c)
                }
            }
            if !closed { return nil }
        }
        return sawOne ? (String(decoding: out, as: UTF8.self), ()) : nil
    }

    /// Splits the argument list at top-level commas.
    static func splitArguments(_ text: String) -> [String] {
        var args: [String] = []
        var depth = 0
        var current: [UInt8] = []
        var quote: UInt8? = nil
        var escaped = false
        for c in text.utf8 {
            if let q = quote {
                current.append(c)
                if escaped { escaped = false } else if c == UInt8(ascii: "\\") { escaped = true } else if c == q { quote = nil }
                continue
            }
            switch c {
            case UInt8(ascii: "\""), UInt8(ascii: "'"): quote = c; current.append(c)
            case UInt8(ascii: "("), UInt8(ascii: "["), UInt8(ascii: "{"): depth += 1; current.append(c)
            case UInt8(ascii: ")"), UInt8(ascii: "]"), UInt8(ascii: "}"): depth -= 1; current.append(c)
            case UInt8(ascii: ",") where depth == 0:
                args.append(String(decoding: current, as: UTF8.self).trimmedSpaces)
                current.removeAll(keepingCapacity: true)
            default: current.append(c)
            }
        }
        let last = String(decoding: current, as: UTF8.self).trimmedSpaces
        if !last.isEmpty { args.append(last) }
        return args
    }

    /// Splits a C format string into literal text and conversions.
    private static func splitPieces(_ fmt: String) throws(TraceError) -> [Piece] {
        let b = Array(fmt.utf8)
        var pieces: [Piece] = []
        var literal: [UInt8] = []
        var argIndex = 0
        var i = 0
        func flushLiteral() {
            if !literal.isEmpty { pieces.append(.literal(String(decoding: literal, as: UTF8.self))); literal.removeAll() }
        }
        while i < b.count {
            let c = b[i]
            guard c == UInt8(ascii: "%") else { literal.append(c); i += 1; continue }
            i += 1
            guard i < b.count else { literal.append(c); break }
            if b[i] == UInt8(ascii: "%") { literal.append(c); i += 1; continue }
            var flags = ""
            while i < b.count, "-+ #0".utf8.contains(b[i]) { flags.append(Character(UnicodeScalar(b[i]))); i += 1 }
            var width: Int? = nil
            var widthFromArg = false
            if i < b.count, b[i] == UInt8(ascii: "*") { widthFromArg = true; i += 1; argIndex += 1 }
            while i < b.count, b[i] >= 0x30, b[i] <= 0x39 { width = (width ?? 0) * 10 + Int(b[i] - 0x30); i += 1 }
            var precision: Int? = nil
            if i < b.count, b[i] == UInt8(ascii: ".") {
                i += 1
                precision = 0
                if i < b.count, b[i] == UInt8(ascii: "*") { i += 1; argIndex += 1 }
                while i < b.count, b[i] >= 0x30, b[i] <= 0x39 { precision = precision! * 10 + Int(b[i] - 0x30); i += 1 }
            }
            var length = ""
            while i < b.count, "hlLzjtq".utf8.contains(b[i]) { length.append(Character(UnicodeScalar(b[i]))); i += 1 }
            guard i < b.count else {
                throw TraceError(.format, file: "print fmt", "conversion cut short in \"\(fmt)\"")
            }
            let spec = Character(UnicodeScalar(b[i]))
            i += 1
            var ext = ""
            if spec == "p", i < b.count, PrintFormat.isLetter(b[i]) {
                let first = b[i]
                ext.append(Character(UnicodeScalar(first))); i += 1
                // %pU[bBlL], %pI4/%pI6[hnbl], %pM[FR], %pS[R]: one more modifier character.
                if i < b.count, first == UInt8(ascii: "U") || first == UInt8(ascii: "I") || first == UInt8(ascii: "i") || first == UInt8(ascii: "M") {
                    while i < b.count, PrintFormat.isLetter(b[i]) || (b[i] >= 0x30 && b[i] <= 0x39) {
                        ext.append(Character(UnicodeScalar(b[i]))); i += 1
                        if ext.count >= 3 { break }
                    }
                }
            }
            flushLiteral()
            pieces.append(.conversion(Conversion(flags: flags, width: width, widthFromArgument: widthFromArg,
                                                 precision: precision, length: length, specifier: spec,
                                                 pointerExtension: ext, argumentIndex: argIndex,
                                                 ordinal: pieces.reduce(0) { n, p in if case .conversion = p { return n + 1 }; return n })))
            argIndex += 1
        }
        flushLiteral()
        return pieces
    }

    private static func isLetter(_ c: UInt8) -> Bool {
        (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A)
    }
}

/// One argument expression of a print format, classified by how it derives from the record.
public struct PrintArgument: Sendable, Hashable {
    public enum Role: Sendable, Hashable {
        /// The field itself, perhaps cast: `REC->lblk`, `(unsigned long) REC->ino`.
        case field(String)
        /// A symbolic rendering: `__print_flags(REC->flags, ...)`, `__print_symbolic(...)`.
        case symbolic(String)
        /// Text: `__get_str(name)`, a `char[]` field printed with `%s`.
        case string(String)
        /// `MAJOR(REC->dev)` as the kernel expands it: `((unsigned int) ((REC->dev) >> 20))`.
        case deviceMajor(String)
        /// `MINOR(REC->dev)`: `((unsigned int) ((REC->dev) & ((1U << 20) - 1)))`.
        case deviceMinor(String)
        /// Any other expression of a field: `jiffies_to_msecs(REC->wait)`, `REC->pos + REC->len`.
        case computed(String)
        /// No record field at all.
        case constant
    }

    public var text: String
    /// Every record field the expression reads, in order of appearance.
    public var fieldReferences: [String]
    public var role: Role

    /// The field a printed value is stored under, if any.
    public var fieldName: String? {
        switch role {
        case .field(let n), .symbolic(let n), .string(let n), .deviceMajor(let n),
             .deviceMinor(let n), .computed(let n): return n
        case .constant: return nil
        }
    }

    public init(text: String) {
        self.text = text
        let refs = PrintArgument.references(in: text)
        fieldReferences = refs
        role = PrintArgument.classify(text, refs: refs)
    }

    static func references(in text: String) -> [String] {
        var refs: [String] = []
        let b = Array(text.utf8)
        func ident(from start: Int) -> (String, Int) {
            var j = start
            while j < b.count, b[j] == 0x5F || (b[j] >= 0x30 && b[j] <= 0x39) || (b[j] | 0x20 >= 0x61 && b[j] | 0x20 <= 0x7A) { j += 1 }
            return (String(decoding: b[start..<j], as: UTF8.self), j)
        }
        var i = 0
        let rec = Array("REC->".utf8)
        let getters = ["__get_str(", "__get_dynamic_array(", "__get_bitmask(", "__get_rel_str(", "__get_dynamic_array_len(", "__get_sockaddr("].map { Array($0.utf8) }
        outer: while i < b.count {
            if b[i...].starts(with: rec) {
                let (name, j) = ident(from: i + rec.count)
                if !name.isEmpty && !refs.contains(name) { refs.append(name) }
                i = j
                continue
            }
            for g in getters where b[i...].starts(with: g) {
                var k = i + g.count
                while k < b.count, b[k] == 0x20 { k += 1 }
                let (name, j) = ident(from: k)
                if !name.isEmpty && !refs.contains(name) { refs.append(name) }
                i = j
                continue outer
            }
            i += 1
        }
        return refs
    }

    static func classify(_ text: String, refs: [String]) -> Role {
        // `REC->found ? REC->pblk : 0` prints pblk: name a ternary by what it chooses.
        var refs = refs
        if let q = text.firstIndex(of: "?") {
            let chosen = references(in: String(text[text.index(after: q)...]))
            if !chosen.isEmpty { refs = chosen }
        }
        guard let first = refs.first else { return .constant }
        if text.contains("__print_flags") || text.contains("__print_symbolic") || text.contains("__print_hex")
            || text.contains("__print_array") || text.contains("__get_bitmask") || text.contains("__print_ns_to_secs")
            || text.contains("__print_dynamic_array") {
            return .symbolic(first)
        }
        if text.contains("__get_str(") || text.contains("__get_rel_str(") { return .string(first) }
        let compact = text.filter { $0 != " " }
        if refs.count == 1 {
            if text.contains("?") { return .computed(first) }
            if compact.hasSuffix(">>20))") || compact.contains("(REC->\(first))>>20") { return .deviceMajor(first) }
            if compact.contains("&((1U<<20)-1)") { return .deviceMinor(first) }
            if isPlainReference(compact, field: first) { return .field(first) }
        }
        return .computed(first)
    }

    /// Whether `compact` (spaces removed) is `REC->field` wrapped only in parentheses and casts.
    static func isPlainReference(_ compact: String, field: String) -> Bool {
        var s = compact.replacing("REC->\(field)", with: "@")
        // Remove casts: a parenthesised run of identifier characters and `*`.
        var changed = true
        while changed {
            changed = false
            var out = ""
            var chars = Array(s)
            var i = 0
            while i < chars.count {
                if chars[i] == "(" {
                    var j = i + 1
                    while j < chars.count, chars[j].isLetter || chars[j].isNumber || chars[j] == "_" || chars[j] == "*" { j += 1 }
                    if j < chars.count, chars[j] == ")", j > i + 1, chars[i + 1] != "*" {
                        i = j + 1; changed = true; continue
                    }
                }
                out.append(chars[i]); i += 1
            }
            chars = Array(out)
            s = out
        }
        return s.filter { $0 != "(" && $0 != ")" } == "@"
    }
}

extension String {
    var trimmedSpaces: String {
        String(Substring(self).trimmingSpaces())
    }
}

