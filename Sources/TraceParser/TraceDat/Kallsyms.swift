/// Kernel symbols by address, for printing `%pS` as the kernel does: `func+0xoff/0xsize`
/// (`sprint_symbol`), and `%ps` as `func`. Built from the trace.dat's copy of /proc/kallsyms
///
///     ffffffff8154e2a0 t ext4_file_open
///     ffffffffc0a01000 t xfs_iomap_begin	[xfs]
///
/// or from a vmlinux's ELF symbol table (`--vmlinux`). A symbol's size is the distance to the
/// next higher address, as `kallsyms_lookup_size_offset` computes it.
final class SymbolTable {
    /// Sorted by address; equal addresses keep the file's order (the kernel reports the first).
    private var addresses: [UInt64] = []
    private var names: [String] = []
    private var modules: [String?] = []
    /// Without CONFIG_KALLSYMS_ALL the kernel resolves only code addresses (`is_ksym_addr`):
    /// `_stext`..`_etext` and `_sinittext`..`_einittext` of the core kernel, and modules. Nil
    /// when every address resolves.
    var coreTextRanges: [Range<UInt64>]?

    init(entries: [(address: UInt64, name: String, module: String?)]) {
        let sorted = entries.enumerated().sorted { a, b in
            a.element.address != b.element.address ? a.element.address < b.element.address : a.offset < b.offset
        }
        addresses.reserveCapacity(sorted.count)
        for (_, e) in sorted where e.address != 0 {
            addresses.append(e.address)
            names.append(e.name)
            modules.append(e.module)
        }
    }

    /// Parses kallsyms text; lines that do not read as `address type name` are skipped.
    convenience init(kallsyms text: ArraySlice<UInt8>) {
        var entries: [(UInt64, String, String?)] = []
        entries.reserveCapacity(text.count / 40)
        var dataSymbols = 0
        var i = text.startIndex
        let end = text.endIndex
        while i < end {
            let lineEnd = text[i...].firstIndex(of: 0x0A) ?? end
            defer { i = lineEnd + 1 }
            var p = i
            var address: UInt64 = 0
            while p < lineEnd, let d = SymbolTable.hexDigit(text[p]) { address = address << 4 | UInt64(d); p += 1 }
            guard p > i, p + 3 < lineEnd, text[p] == 0x20, text[p + 2] == 0x20 else { continue }
            let type = text[p + 1] | 0x20
            p += 3
            var nameEnd = p
            while nameEnd < lineEnd, text[nameEnd] != 0x09, text[nameEnd] != 0x20 { nameEnd += 1 }
            // Absolute symbols and per-CPU offsets are not code.
            guard type != UInt8(ascii: "a"), nameEnd > p else { continue }
            var module: String? = nil
            if let open = text[nameEnd..<lineEnd].firstIndex(of: 0x5B), let close = text[open..<lineEnd].firstIndex(of: 0x5D) {
                module = String(decoding: text[(open + 1)..<close], as: UTF8.self)
            }
            entries.append((address, String(decoding: text[p..<nameEnd], as: UTF8.self), module))
            if module == nil, type == UInt8(ascii: "d") || type == UInt8(ascii: "b") || type == UInt8(ascii: "r") { dataSymbols += 1 }
        }
        self.init(entries: entries.map { (address: $0.0, name: $0.1, module: $0.2) })
        // A kernel built with KALLSYMS_ALL lists its data symbols by the ten thousand; without
        // it only a few markers (`__start_rodata`) appear.
        if dataSymbols < 1000 {
            let marks = Dictionary(entries.filter { $0.2 == nil && $0.1.hasSuffix("text") }.map { ($0.1, $0.0) }, uniquingKeysWith: { a, _ in a })
            var ranges: [Range<UInt64>] = []
            for (s, e) in [("_stext", "_etext"), ("_sinittext", "_einittext")] {
                if let a = marks[s], let b = marks[e], a < b { ranges.append(a..<b) }
            }
            if !ranges.isEmpty { coreTextRanges = ranges }
        }
    }

    static func hexDigit(_ c: UInt8) -> UInt8? {
        if c >= 0x30 && c <= 0x39 { return c - 0x30 }
        let l = c | 0x20
        if l >= 0x61 && l <= 0x66 { return l - 0x61 + 10 }
        return nil
    }

    var isEmpty: Bool { addresses.isEmpty }

    /// `func+0xoff/0xsize [module]` (`withOffset`, kernel style), `func+0xoff` (trace-cmd
    /// style), or `func`; nil when no symbol covers the address.
    func symbolize(_ address: UInt64, withOffset: Bool, withSize: Bool) -> String? {
        // The last symbol at or below the address.
        var lo = 0, hi = addresses.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if addresses[mid] <= address { lo = mid + 1 } else { hi = mid }
        }
        guard lo > 0 else { return nil }
        var index = lo - 1
        let start = addresses[index]
        while index > 0, addresses[index - 1] == start { index -= 1 }
        var next = lo
        while next < addresses.count, addresses[next] == start { next += 1 }
        guard next < addresses.count else { return nil }      // past the last symbol: unknown size
        let size = addresses[next] - start
        let offset = address - start
        guard offset < size || size == 0 else { return nil }
        if let ranges = coreTextRanges, modules[index] == nil, !ranges.contains(where: { $0.contains(address) }) { return nil }
        var s = names[index]
        if withOffset {
            s += "+0x" + String(offset, radix: 16)
            if withSize { s += "/0x" + String(size, radix: 16) }
        }
        if let m = modules[index] { s += " [\(m)]" }
        return s
    }
}
