extension TextTemplate {
    /// Reads `body` against the template. Returns nil when the body does not have the
    /// template's shape (the caller then falls back to generic `key value` parsing).
    func match(_ b: UnsafeBufferPointer<UInt8>, from start: Int) -> [EventField]? {
        var assembly = FieldAssembly(count: fieldNames.count)
        return match(b, from: start, assembly: &assembly)
    }

    /// `match` with the caller's assembly, reused from line to line (emptied here).
    func match(_ b: UnsafeBufferPointer<UInt8>, from start: Int, assembly: inout FieldAssembly) -> [EventField]? {
        var fields: [EventField] = []
        return match(b, from: start, assembly: &assembly, into: &fields) ? fields : nil
    }

    /// `match` appending the fields to `fields`; false, with `fields` untouched, when the
    /// body does not have the template's shape.
    func match(_ b: UnsafeBufferPointer<UInt8>, from start: Int, assembly: inout FieldAssembly,
               into fields: inout [EventField]) -> Bool {
        if assembly.count == fieldNames.count { assembly.reset() } else { assembly = FieldAssembly(count: fieldNames.count) }
        let matched = ops.withUnsafeBufferPointer { ops in
            pool.withUnsafeBufferPointer { pool in
                TextTemplate.read(b, from: start, ops: ops, pool: pool, into: &assembly)
            }
        }
        if matched { assembly.appendFields(named: fieldNames, to: &fields) }
        return matched
    }

    /// Walks the compiled steps over `b[start...]`, recording each value in `assembly`; false
    /// when the body does not have the template's shape.
    static func read(_ b: UnsafeBufferPointer<UInt8>, from start: Int, ops: UnsafeBufferPointer<Op>,
                     pool: UnsafeBufferPointer<UInt8>, into assembly: inout FieldAssembly) -> Bool {
        var p = start
        let n = b.count
        var s = 0
        while s < ops.count {
            let op = ops[s]
            let lit = UnsafeBufferPointer(rebasing: pool[Int(op.literalStart)..<Int(op.literalStart + op.literalCount)])
            if !op.isValue {
                if s == ops.count - 1 {
                    // The last literal: trailing blanks may differ.
                    guard ByteScan.matchesTrimmed(b, from: p, lit) else { return false }
                    p = n
                } else {
                    guard ByteScan.hasPrefix(b, at: p, lit) else { return false }
                    p += lit.count
                }
            } else {
                let v = op.value
                let next = lit                 // the literal after the value; empty if none
                let value: FieldValue
                // A number may run straight into the next literal: `reserve_blocks %dreserved_data_blocks`.
                if v.kind != .text, let (num, e) = ByteScan.parseNumber(b, at: p, hex: v.kind == .hex, octal: v.kind == .octal,
                                                                         allowingIdentifierAfter: !next.isEmpty),
                   next.isEmpty ? ByteScan.isBlank(b, from: e) : ByteScan.hasPrefix(b, at: e, next) {
                    value = num
                    p = e
                } else {
                    // Text, or a number printed in a shape the format did not promise.
                    let stop: Int
                    if next.isEmpty {
                        stop = ByteScan.trimmedEnd(b, from: p)
                    } else {
                        guard let f = ByteScan.find(next, in: b, from: p) else { return false }
                        stop = f
                    }
                    value = .string(String(decoding: UnsafeBufferPointer(rebasing: b[p..<stop]), as: UTF8.self))
                    p = next.isEmpty ? n : stop
                }
                assembly.record(value, as: v)
            }
            s += 1
        }
        return p >= n || ByteScan.isBlank(b, from: p)
    }
}

extension ByteScan {
    /// Whether `b[p...]` starts with `lit`.
    @inline(__always) static func hasPrefix(_ b: UnsafeBufferPointer<UInt8>, at p: Int, _ lit: UnsafeBufferPointer<UInt8>) -> Bool {
        guard p + lit.count <= b.count else { return false }
        var i = 0
        if lit.count >= 8, let bb = b.baseAddress, let lb = lit.baseAddress {
            // Eight bytes at a time, the last word overlapping the one before.
            let from = UnsafeRawPointer(bb + p), with = UnsafeRawPointer(lb)
            while i + 8 <= lit.count {
                if from.loadUnaligned(fromByteOffset: i, as: UInt64.self) != with.loadUnaligned(fromByteOffset: i, as: UInt64.self) { return false }
                i += 8
            }
            let last = lit.count - 8
            return from.loadUnaligned(fromByteOffset: last, as: UInt64.self) == with.loadUnaligned(fromByteOffset: last, as: UInt64.self)
        }
        while i < lit.count {
            if b[p + i] != lit[i] { return false }
            i += 1
        }
        return true
    }

    /// Whether `b[p...]` starts with `lit`.
    @inline(__always) static func hasPrefix(_ b: UnsafeBufferPointer<UInt8>, at p: Int, _ lit: [UInt8]) -> Bool {
        guard p + lit.count <= b.count else { return false }
        var i = 0
        while i < lit.count {
            if b[p + i] != lit[i] { return false }
            i += 1
        }
        return true
    }

    /// Whether `b[p...]` equals `lit`, ignoring trailing blanks on either side.
    static func matchesTrimmed(_ b: UnsafeBufferPointer<UInt8>, from p: Int, _ lit: UnsafeBufferPointer<UInt8>) -> Bool {
        var litEnd = lit.count
        while litEnd > 0, lit[litEnd - 1] == 0x20 { litEnd -= 1 }
        let end = trimmedEnd(b, from: p)
        guard end - p == litEnd else { return false }
        for i in 0..<litEnd where b[p + i] != lit[i] { return false }
        return true
    }

    static func isBlank(_ b: UnsafeBufferPointer<UInt8>, from p: Int) -> Bool {
        var i = p
        while i < b.count { if b[i] != 0x20 && b[i] != 0x09 { return false }; i += 1 }
        return true
    }

    static func trimmedEnd(_ b: UnsafeBufferPointer<UInt8>, from p: Int) -> Int {
        var e = b.count
        while e > p, b[e - 1] == 0x20 || b[e - 1] == 0x09 { e -= 1 }
        return e
    }

    /// First index ≥ `from` where `needle` starts.
    static func find(_ needle: [UInt8], in b: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
        needle.withUnsafeBufferPointer { find($0, in: b, from: from) }
    }

    /// First index ≥ `from` where `needle` starts.
    static func find(_ needle: UnsafeBufferPointer<UInt8>, in b: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
        guard let first = needle.first else { return from }
        var i = from
        while let f = find(first, in: b, from: i) {
            if hasPrefix(b, at: f, needle) { return f }
            i = f + 1
        }
        return nil
    }

    /// A decimal or hex integer at `p` (leading spaces skipped): `-12`, `4096`, `0x1f`, or bare
    /// hex digits when `hex`. Returns the value and the index after it; nil if none or too big.
    static func parseNumber(_ b: UnsafeBufferPointer<UInt8>, at start: Int, hex: Bool, octal: Bool = false,
                            allowingIdentifierAfter: Bool = false) -> (FieldValue, Int)? {
        var p = start
        let n = b.count
        while p < n, b[p] == 0x20 { p += 1 }
        var negative = false
        if p < n, b[p] == 0x2D { negative = true; p += 1 }
        var isHex = hex
        if p + 1 < n, b[p] == 0x30, b[p + 1] | 0x20 == 0x78 { isHex = true; p += 2 }
        var v: UInt64 = 0
        let digitsStart = p
        if isHex {
            while p < n {
                let c = b[p]
                let d: UInt8
                if isDigit(c) { d = c - 0x30 } else if (c | 0x20) &- 0x61 < 6 { d = (c | 0x20) - 0x61 + 10 } else { break }
                guard v >> 60 == 0 else { return nil }
                v = v << 4 | UInt64(d)
                p += 1
            }
        } else if octal {
            while p < n, b[p] &- 0x30 < 8 {
                guard v >> 61 == 0 else { return nil }
                v = v << 3 | UInt64(b[p] - 0x30)
                p += 1
            }
        } else {
            // 19 decimal digits cannot overflow 64 bits: check only past them.
            let unchecked = min(n, p + 19)
            while p < unchecked, isDigit(b[p]) {
                v = v &* 10 &+ UInt64(b[p] - 0x30)
                p += 1
            }
            while p < n, isDigit(b[p]) {
                let (m, o1) = v.multipliedReportingOverflow(by: 10)
                let (a, o2) = m.addingReportingOverflow(UInt64(b[p] - 0x30))
                guard !o1, !o2 else { return nil }
                v = a
                p += 1
            }
        }
        guard p > digitsStart else { return nil }
        if p < n, isIdentifier(b[p]), !allowingIdentifierAfter { return nil }    // "12abc" is not a number
        if negative {
            guard v <= UInt64(Int64.max) + 1 else { return nil }
            return (.int(v == UInt64(Int64.max) + 1 ? Int64.min : -Int64(v)), p)
        }
        return (.uint(v), p)
    }
}
