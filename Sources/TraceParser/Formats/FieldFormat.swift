/// One `field:` line of a kernel event `format` file:
///
///     field:ext4_lblk_t lblk;	offset:40;	size:4;	signed:0;
///     field:char comm[16];	offset:8;	size:16;	signed:1;
///     field:__data_loc char[] name;	offset:8;	size:4;	signed:1;
///
/// Mirrors libtraceevent's `struct tep_format_field`.
public struct FieldFormat: Sendable, Hashable {
    public var name: String
    /// The C type as declared, without the name or array suffix (`ext4_lblk_t`, `char`).
    public var type: String
    public var offset: Int
    public var size: Int
    public var isSigned: Bool
    /// The element count of a fixed array (`comm[16]` → 16), nil for scalars.
    public var arrayCount: Int?
    /// A `__data_loc` (or `__rel_loc`) field: a 32-bit (offset, length) pair pointing into the
    /// record, used for strings and dynamic arrays.
    public var isDynamic: Bool
    public var isRelative: Bool

    /// Whether the kernel type reads as text (`char` arrays and `__data_loc char[]`).
    public var isString: Bool {
        (arrayCount != nil || isDynamic) && (type.hasSuffix("char") || type.hasSuffix("char[]"))
    }

    /// Whether the field holds a `dev_t`.
    public var isDevice: Bool { type == "dev_t" }

    public init(name: String, type: String, offset: Int, size: Int, isSigned: Bool,
                arrayCount: Int? = nil, isDynamic: Bool = false, isRelative: Bool = false) {
        self.name = name
        self.type = type
        self.offset = offset
        self.size = size
        self.isSigned = isSigned
        self.arrayCount = arrayCount
        self.isDynamic = isDynamic
        self.isRelative = isRelative
    }

    /// Parses the text between `field:` and the first `;` plus the `offset/size/signed` items.
    static func parse(_ line: Substring) -> FieldFormat? {
        guard let fieldStart = line.firstRange(of: "field:") else { return nil }
        let rest = line[fieldStart.upperBound...]
        guard let semi = rest.firstIndex(of: ";") else { return nil }
        var decl = rest[..<semi].trimmingSpaces()
        var offset = -1, size = -1, signed = false
        for item in rest[rest.index(after: semi)...].split(separator: ";") {
            let kv = item.trimmingSpaces()
            if kv.hasPrefix("offset:") { offset = Int(kv.dropFirst(7)) ?? -1 }
            else if kv.hasPrefix("size:") { size = Int(kv.dropFirst(5)) ?? -1 }
            else if kv.hasPrefix("signed:") { signed = kv.dropFirst(7) == "1" }
        }
        guard offset >= 0, size >= 0 else { return nil }
        var isDynamic = false, isRelative = false
        if decl.hasPrefix("__data_loc ") { isDynamic = true; decl = decl.dropFirst(11) }
        else if decl.hasPrefix("__rel_loc ") { isDynamic = true; isRelative = true; decl = decl.dropFirst(10) }
        var arrayCount: Int? = nil
        if decl.hasSuffix("]"), let open = decl.lastIndex(of: "[") {
            let inner = decl[decl.index(after: open)..<decl.index(before: decl.endIndex)]
            arrayCount = inner.isEmpty ? nil : Int(inner)
            decl = decl[..<open]
        }
        // The name is the last identifier; the type is everything before it.
        let trimmed = Substring(decl).trimmingSpaces()
        var nameStart = trimmed.endIndex
        while nameStart > trimmed.startIndex {
            let p = trimmed.index(before: nameStart)
            let c = trimmed[p]
            if c.isLetter || c.isNumber || c == "_" { nameStart = p } else { break }
        }
        let name = String(trimmed[nameStart...])
        var type = String(trimmed[..<nameStart].trimmingSpaces())
        if type.hasSuffix("[]") { type.removeLast(2); type = type.trimmedSpaces }
        guard !name.isEmpty else { return nil }
        return FieldFormat(name: name, type: type, offset: offset, size: size, isSigned: signed,
                           arrayCount: arrayCount, isDynamic: isDynamic, isRelative: isRelative)
    }
}

extension Substring {
    func trimmingSpaces() -> Substring {
        var s = self
        while let f = s.first, f == " " || f == "\t" || f == "\n" || f == "\r" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" || l == "\n" || l == "\r" { s.removeLast() }
        return s
    }
}
