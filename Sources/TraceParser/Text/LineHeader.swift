#if canImport(Glibc)
import Glibc
#endif

/// The part of a text event line before the event name: task, pid, cpu, flags, timestamp.
///
/// Lexed by hand from the right of the task name, anchored on the timestamp, because a task
/// name (`comm`) may hold spaces, dashes, slashes, colons or brackets. The shapes read:
///
///     kernel `trace`:        "          xfs_io-3447    [000] .....  2025.835764: ext4_..."
///     7.3, lazy preemption:  "       ext4trace-107     [000] .l...     8.338485: ext4_..."  (see `LatencyFlags`)
///     without irq-info:      "          xfs_io-3447    [000]  2025.835764: ext4_..."
///     with record-tgid:      "          xfs_io-3447    (   3447) [000] .....  2025.835764: ..."
///     trace-cmd report:      "corpus:           xfs_io-3447  [000]  2025.835764: ext4_..."
///     trace-cmd report -l:   "corpus:   xfs_io-3447    0.....  2025.835764: ext4_..."
///     perf script:           "          xfs_io  6249 [001]  2213.614504:   ext4:ext4_..."
struct LineHeader {
    /// Byte range of the instance name (trace-cmd's `instance:` prefix), if any.
    var instance: Range<Int>? = nil
    var comm: Range<Int> = 0..<0
    var pid = 0
    var tgid: Int? = nil
    var cpu = 0
    var flags: Range<Int>? = nil
    var timestampNs: UInt64 = 0
    var timestampDigits: UInt8 = 0
    /// First byte after the `": "` that ends the timestamp.
    var bodyStart = 0

    /// Lexes the header of `line`. `allowInstance` accepts trace-cmd's `instance:` prefix;
    /// `perfStyle` expects `comm pid` (perf script) rather than `comm-pid`.
    static func lex(_ line: UnsafeBufferPointer<UInt8>, allowInstance: Bool) -> LineHeader? {
        var h = LineHeader()
        return lex(line, allowInstance: allowInstance, into: &h) ? h : nil
    }

    /// `lex` into the caller's header (written field by field: no optional header is built
    /// and copied per line). False, with `h` in no particular state, where `lex` gives nil.
    static func lex(_ line: UnsafeBufferPointer<UInt8>, allowInstance: Bool, into h: inout LineHeader) -> Bool {
        let n = line.count
        // Candidates for the timestamp's closing ':' — the first that yields a valid header wins.
        var i = 0
        while i < n {
            guard let colon = ByteScan.find(0x3A, in: line, from: i) else { return false }
            i = colon + 1
            if colon + 1 < n, line[colon + 1] != 0x20 { continue }
            if lexLeft(line, timestampColon: colon, allowInstance: allowInstance, into: &h) { return true }
        }
        return false
    }

    private static func lexLeft(_ b: UnsafeBufferPointer<UInt8>, timestampColon colon: Int,
                                allowInstance: Bool, into h: inout LineHeader) -> Bool {
        // Timestamp: digits [. digits] immediately before the colon, preceded by a space.
        var j = colon - 1
        var fracDigits = 0
        var frac: UInt64 = 0
        var scale: UInt64 = 1
        while j >= 0, ByteScan.isDigit(b[j]) {
            if fracDigits >= 9 { return false }
            frac += UInt64(b[j] - 0x30) * scale
            scale &*= 10
            fracDigits += 1
            j -= 1
        }
        guard fracDigits > 0, j >= 0 else { return false }
        var seconds: UInt64 = 0
        var tsNs: UInt64
        var digits: UInt8
        if b[j] == 0x2E {                    // '.'
            j -= 1
            var secScale: UInt64 = 1
            var secDigits = 0
            while j >= 0, ByteScan.isDigit(b[j]) {
                if secDigits >= 10 { return false }
                seconds += UInt64(b[j] - 0x30) * secScale
                secScale &*= 10
                secDigits += 1
                j -= 1
            }
            guard secDigits > 0 else { return false }
            var fracNs = frac
            for _ in fracDigits..<9 { fracNs *= 10 }
            tsNs = seconds * 1_000_000_000 + fracNs
            digits = UInt8(fracDigits)
        } else {
            // A counter clock prints a bare integer: no fraction.
            tsNs = frac
            digits = 0
        }
        guard j >= 0, b[j] == 0x20 else { return false }
        j = ByteScan.skipSpacesBackward(b, from: j)
        guard j >= 0 else { return false }

        // CPU: "[003]", "[003] <flags>", or "3<flags>" (trace-cmd report -l).
        var cpu = -1
        var flags: Range<Int>? = nil
        let t1End = j + 1
        let t1Start = ByteScan.tokenStart(b, endingAt: j)
        if let c = parseBracketCPU(b, t1Start..<t1End) {
            cpu = c
            j = t1Start - 1
        } else {
            let k = ByteScan.skipSpacesBackward(b, from: t1Start - 1)
            if k >= 0, b[k] == 0x5D, let c = parseBracketCPU(b, ByteScan.tokenStart(b, endingAt: k)..<(k + 1)),
               LatencyFlags.isColumn(b, t1Start..<t1End) {
                cpu = c
                flags = t1Start..<t1End
                j = ByteScan.tokenStart(b, endingAt: k) - 1
            } else {
                // "0....." : leading digits then flags.
                var d = t1Start
                var v = 0
                while d < t1End, ByteScan.isDigit(b[d]), v < 1 << 20 { v = v * 10 + Int(b[d] - 0x30); d += 1 }
                guard d > t1Start, d < t1End, LatencyFlags.isColumn(b, d..<t1End) else { return false }
                cpu = v
                flags = d..<t1End
                j = t1Start - 1
            }
        }
        guard j >= 0 else { return false }
        j = ByteScan.skipSpacesBackward(b, from: j)
        guard j >= 0 else { return false }

        // Optional "(  tgid)" from record-tgid; "(-------)" when unknown.
        var tgid: Int? = nil
        if b[j] == 0x29 {
            var k = j - 1
            while k >= 0, b[k] != 0x28 { k -= 1 }
            guard k >= 0 else { return false }
            var v = 0
            var any = false
            for p in (k + 1)..<j where ByteScan.isDigit(b[p]) { v = v * 10 + Int(b[p] - 0x30); any = true }
            tgid = any ? v : nil
            j = ByteScan.skipSpacesBackward(b, from: k - 1)
            guard j >= 0 else { return false }
        }

        // pid: digits, preceded by '-' (ftrace, trace-cmd) or ' ' / '/' (perf script "pid/tid").
        var pidEnd = j + 1
        var k = j
        while k >= 0, ByteScan.isDigit(b[k]) { k -= 1 }
        guard k < j, k >= 0 else { return false }
        var pidStart = k + 1
        if b[k] == 0x2F {                         // perf "pid/tid": keep the tid as pid
            var m = k - 1
            while m >= 0, ByteScan.isDigit(b[m]) { m -= 1 }
            guard m < k - 1, m >= 0, b[m] == 0x20 else { return false }
            k = m
        }
        guard pidEnd - pidStart <= 10 else { return false }
        var pid = 0
        for p in pidStart..<pidEnd { pid = pid * 10 + Int(b[p] - 0x30) }
        let separator = b[k]
        guard separator == 0x2D || separator == 0x20 else { return false }
        var commEnd = k
        if separator == 0x20 { commEnd = ByteScan.skipSpacesBackward(b, from: k) + 1 }
        pidEnd = 0; pidStart = 0

        // Instance prefix and comm.
        var commStart = 0
        var instance: Range<Int>? = nil
        if allowInstance, commEnd > 0, b[0] != 0x20 {
            var p = 0
            while p + 1 < commEnd {
                if b[p] == 0x3A && b[p + 1] == 0x20 { break }
                if b[p] == 0x20 { p = commEnd; break }
                p += 1
            }
            if p + 1 < commEnd {
                instance = 0..<p
                commStart = p + 2
            }
        }
        while commStart < commEnd, b[commStart] == 0x20 { commStart += 1 }
        h.instance = instance
        h.comm = commStart..<commEnd
        h.pid = pid
        h.tgid = tgid
        h.cpu = cpu
        h.flags = flags
        h.timestampNs = tsNs
        h.timestampDigits = digits
        h.bodyStart = colon + 2 <= b.count ? colon + 2 : b.count
        return true
    }

    private static func parseBracketCPU(_ b: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> Int? {
        guard r.count >= 3, b[r.lowerBound] == 0x5B, b[r.upperBound - 1] == 0x5D else { return nil }
        var v = 0
        for p in (r.lowerBound + 1)..<(r.upperBound - 1) {
            guard ByteScan.isDigit(b[p]), v < 1 << 20 else { return nil }
            v = v * 10 + Int(b[p] - 0x30)
        }
        return v
    }
}

/// Small byte-scanning helpers shared by the text lexers.
enum ByteScan {
    @inline(__always) static func isDigit(_ c: UInt8) -> Bool { c &- 0x30 < 10 }

    @inline(__always) static func isIdentifier(_ c: UInt8) -> Bool {
        isDigit(c) || (c | 0x20) &- 0x61 < 26 || c == 0x5F
    }

    @inline(__always) static func find(_ byte: UInt8, in b: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
        guard from < b.count, let base = b.baseAddress else { return nil }
        guard let p = memchr(base + from, Int32(byte), b.count - from) else { return nil }
        return base.distance(to: p.assumingMemoryBound(to: UInt8.self))
    }

    /// Index of the last non-space at or before `from` (-1 if none).
    @inline(__always) static func skipSpacesBackward(_ b: UnsafeBufferPointer<UInt8>, from: Int) -> Int {
        var j = from
        while j >= 0, b[j] == 0x20 || b[j] == 0x09 { j -= 1 }
        return j
    }

    /// Start of the run of non-space bytes that ends at `end` (inclusive).
    @inline(__always) static func tokenStart(_ b: UnsafeBufferPointer<UInt8>, endingAt end: Int) -> Int {
        var j = end
        while j >= 0, b[j] != 0x20, b[j] != 0x09 { j -= 1 }
        return j + 1
    }
}
