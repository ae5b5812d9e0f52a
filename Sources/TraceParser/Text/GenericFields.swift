/// Fields of an event whose print format is unknown (or whose line does not fit it), read as
/// the kernel usually prints them: `key value` pairs, `key=value` and `key: value,` items.
///
///     "dev 7,1 ino 12 lblk 0"        → dev="7:1" ino=12 lblk=0
///     "bdi 7:1: ino=12 state=I_DIRTY" → bdi="7:1" ino=12 state="I_DIRTY"
enum GenericFields {
    static func parse(_ b: UnsafeBufferPointer<UInt8>, from start: Int) -> [EventField] {
        var tokens: [Range<Int>] = []
        var p = start
        let n = b.count
        while p < n {
            while p < n, b[p] == 0x20 || b[p] == 0x09 { p += 1 }
            let s = p
            while p < n, b[p] != 0x20, b[p] != 0x09 { p += 1 }
            if p > s { tokens.append(s..<p) }
        }
        var fields: [EventField] = []
        var i = 0
        while i < tokens.count {
            var t = tokens[i]
            // key=value
            if let eq = firstIndex(of: 0x3D, in: b, t), eq > t.lowerBound {
                let key = text(b, t.lowerBound..<eq)
                fields.append(EventField(key, value(b, (eq + 1)..<t.upperBound)))
                i += 1
                continue
            }
            // key: value[,]
            if b[t.upperBound - 1] == 0x3A, t.count > 1, i + 1 < tokens.count {
                let key = text(b, t.lowerBound..<(t.upperBound - 1))
                var v = tokens[i + 1]
                if b[v.upperBound - 1] == 0x2C, v.count > 1 { v = v.lowerBound..<(v.upperBound - 1) }
                fields.append(EventField(key, value(b, v)))
                i += 2
                continue
            }
            // key value
            if i + 1 < tokens.count, isKey(b, t) {
                var v = tokens[i + 1]
                if b[v.upperBound - 1] == 0x2C, v.count > 1 { v = v.lowerBound..<(v.upperBound - 1) }
                if b[v.upperBound - 1] == 0x3A, v.count > 1 { v = v.lowerBound..<(v.upperBound - 1) }
                fields.append(EventField(text(b, t), value(b, v)))
                i += 2
                continue
            }
            t = tokens[i]
            fields.append(EventField("arg\(fields.count)", value(b, t)))
            i += 1
        }
        return fields
    }

    static func isKey(_ b: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> Bool {
        guard let f = r.first, !ByteScan.isDigit(b[f]) else { return false }
        for p in r where !ByteScan.isIdentifier(b[p]) { return false }
        return true
    }

    static func firstIndex(of c: UInt8, in b: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> Int? {
        for p in r where b[p] == c { return p }
        return nil
    }

    static func text(_ b: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: b[r]), as: UTF8.self)
    }

    /// A number where the whole token is one, a device where it reads `7,1` or `7:1`, else text.
    static func value(_ b: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> FieldValue {
        let token = UnsafeBufferPointer(rebasing: b[r])
        if let (v, end) = ByteScan.parseNumber(token, at: 0, hex: false), end == token.count { return v }
        if let sep = token.firstIndex(where: { $0 == 0x2C || $0 == 0x3A }), sep > 0, sep < token.count - 1,
           token[..<sep].allSatisfy(ByteScan.isDigit), token[(sep + 1)...].allSatisfy(ByteScan.isDigit) {
            return .string(String(decoding: token[..<sep], as: UTF8.self) + ":" + String(decoding: token[(sep + 1)...], as: UTF8.self))
        }
        return .string(String(decoding: token, as: UTF8.self))
    }
}

/// Syscall events as the kernel's own `trace` prints them (trace-cmd uses the format file's
/// print format instead, which the template reads):
///
///     sys_pwrite64(fd: 3, buf: 0x55d0c1b5e000, count: 0x1000, pos: 0)
///     sys_pwrite64 -> 0x1000
///
/// Values print in hex with `0x`, small ones in decimal; strings in quotes after the pointer,
/// and on 7.x the bytes a buffer pointer points at, in parentheses:
///
///     sys_pwrite64(fd: 3, buf: 0x558875bc8000 (cd:cd:cd:cd, ...), count: 0x1000, pos: 0x1000)
enum SyscallText {
    static func enterFields(_ b: UnsafeBufferPointer<UInt8>, from start: Int) -> [EventField]? {
        var p = start
        let n = b.count
        guard p < n, b[p] == 0x28 else { return nil }
        p += 1
        var fields: [EventField] = []
        while p < n, b[p] != 0x29 {
            while p < n, b[p] == 0x20 { p += 1 }
            let keyStart = p
            while p < n, ByteScan.isIdentifier(b[p]) { p += 1 }
            guard p > keyStart, p + 1 < n, b[p] == 0x3A else { return nil }
            let key = GenericFields.text(b, keyStart..<p)
            p += 1
            while p < n, b[p] == 0x20 { p += 1 }
            // The value runs to ", next_key:" or the closing ')', skipping quoted text and
            // parenthesised text: 7.x shows the bytes a pointer points at after it,
            // `buf: 0x5588 (cd:cd:cd, ...)`.
            let valueStart = p
            var inQuote = false
            var depth = 0
            while p < n {
                let c = b[p]
                if c == 0x22 { inQuote.toggle() }
                else if inQuote {}
                else if c == 0x28 { depth += 1 }
                else if c == 0x29 { if depth == 0 { break }; depth -= 1 }
                else if depth == 0 && c == 0x2C && p + 1 < n && b[p + 1] == 0x20 { break }
                p += 1
            }
            var valueEnd = p
            while valueEnd > valueStart, b[valueEnd - 1] == 0x20 { valueEnd -= 1 }
            let token = UnsafeBufferPointer(rebasing: b[valueStart..<valueEnd])
            if let (v, end) = ByteScan.parseNumber(token, at: 0, hex: false), end == token.count {
                fields.append(EventField(key, v))
            } else if let (v, end) = ByteScan.parseNumber(token, at: 0, hex: false), end < token.count, token[end] == 0x20 {
                // `0x7ffd... "/path"`: the pointer, with the string the kernel read shown after it.
                fields.append(EventField(key, v))
            } else {
                fields.append(EventField(key, .string(String(decoding: token, as: UTF8.self))))
            }
            if p < n, b[p] == 0x2C { p += 1 }
        }
        guard p < n, b[p] == 0x29 else { return nil }
        return fields
    }
}
