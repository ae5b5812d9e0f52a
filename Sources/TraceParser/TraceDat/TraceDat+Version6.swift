/// Reading the metadata of a version 6 trace.dat, laid out one part after another
/// (trace-cmd.dat.v6(5)):
///
///     "header_page\0" size text  "header_event\0" size text
///     ftrace formats: count, (size, text)...
///     event formats: systems, (name\0, count, (size, text)...)...
///     kallsyms: size text   printk: size text   cmdlines: size(8) text
///     CPU count, "options  \0", options (id, size, data)... ending with id 0
///     "flyrecord\0", per CPU (offset, size)
extension TraceDatMetadata {
    mutating func readVersion6(_ file: TraceDatFile) throws(TraceError) {
        var f = FileCursor(file: file, offset: header.end, bigEndian: header.bigEndian)
        try f.expect("header_page\0", section: "header page")
        let pageText = try f.sizedBytes(sizeWidth: 8, section: "header page")
        pageLayout = RingBufferPageLayout(headerPage: pageText[...])
        try f.expect("header_event\0", section: "header event")
        _ = try f.skipSized(sizeWidth: 8, section: "header event")

        let ftraceCount = try f.count(section: "ftrace formats", minimumEntryBytes: 8)
        for _ in 0..<ftraceCount { _ = try f.skipSized(sizeWidth: 8, section: "ftrace formats") }

        let systems = try f.count(section: "event formats", minimumEntryBytes: 5)
        for _ in 0..<systems {
            let system = try f.cString(section: "event formats")
            let count = try f.count(section: "event formats", minimumEntryBytes: 8)
            for _ in 0..<count {
                let text = try f.sizedBytes(sizeWidth: 8, section: "event formats")
                formats.add(system: system, text: text[...])
            }
        }
        let (kallsymsOffset, kallsymsSize) = try f.skipSized(sizeWidth: 4, section: "kallsyms")
        kallsyms = SectionReference(offset: kallsymsOffset, size: kallsymsSize, isV7Section: false)
        _ = try f.skipSized(sizeWidth: 4, section: "printk formats")
        cmdlines = TraceDatMetadata.parseCmdlines(try f.sizedBytes(sizeWidth: 8, section: "cmdlines")[...])
        let cpus = Int(try f.u32(section: "cpu count"))
        guard cpus <= 1 << 16 else { throw file.corrupt(f.offset - 4, "cpu count", "\(cpus) CPUs") }
        cpuCount = cpus

        var instanceOffsets: [(String, Int)] = []
        if try f.peekMatches("options  \0") {
            try f.expect("options  \0", section: "options")
            while true {
                let id = try f.u16(section: "options")
                if id == OptionID.done.rawValue { break }
                let size = try f.u32(section: "options")
                let data = try f.bytes(Int(size), section: "options")
                var d = ByteCursor(data, bigEndian: header.bigEndian)
                if id == OptionID.buffer.rawValue, let off = d.u64(), let name = d.cString() {
                    instanceOffsets.append((name, try file.checkedLength(off, at: f.offset, section: "options", what: "a buffer offset")))
                } else if id == OptionID.cpuCount.rawValue, let n = d.u32() {
                    cpuCount = Int(n)
                }
            }
        }
        if try f.peekMatches("latency  \0") {
            throw TraceError(.unsupported, file: file.path, location: .offset(f.offset), section: "latency",
                             "a latency-tracer (text) trace.dat; ext4trace reads flyrecord event data")
        }
        buffers.append(BufferLayout(name: "", cpus: try readFlyrecordTable(&f, cpus: cpus, name: "")))
        for (name, offset) in instanceOffsets {
            var g = FileCursor(file: file, offset: offset, bigEndian: header.bigEndian)
            buffers.append(BufferLayout(name: name, cpus: try readFlyrecordTable(&g, cpus: cpus, name: name)))
        }
    }

    /// `"flyrecord\0"` then each CPU's (offset, size).
    func readFlyrecordTable(_ f: inout FileCursor, cpus: Int, name: String) throws(TraceError) -> [CPUData] {
        let section = name.isEmpty ? "flyrecord" : "flyrecord \(name)"
        try f.expect("flyrecord\0", section: section)
        var table: [CPUData] = []
        for cpu in 0..<cpus {
            let offset = try f.file.checkedLength(try f.u64(section: section), at: f.offset - 8, section: section, what: "CPU \(cpu)'s data offset")
            let size = try f.file.checkedLength(try f.u64(section: section), at: f.offset - 8, section: section, what: "CPU \(cpu)'s data size")
            try f.file.checkRange(offset: offset, count: size, section: "\(section) cpu \(cpu)")
            if size > 0 { table.append(CPUData(cpu: cpu, offset: offset, size: size)) }
        }
        return table
    }
}

/// A reading position in the file itself, for the parts of a v6 file that are read in order.
struct FileCursor {
    let file: TraceDatFile
    var offset: Int
    let bigEndian: Bool

    mutating func bytes(_ count: Int, section: String) throws(TraceError) -> [UInt8] {
        let b = try file.read(at: offset, count: count, section: section)
        offset += count
        return b
    }

    mutating func integer(_ size: Int, section: String) throws(TraceError) -> UInt64 {
        var c = ByteCursor(try bytes(size, section: section), bigEndian: bigEndian)
        return c.integer(size) ?? 0
    }

    mutating func u16(section: String) throws(TraceError) -> UInt16 { UInt16(try integer(2, section: section)) }
    mutating func u32(section: String) throws(TraceError) -> UInt32 { UInt32(try integer(4, section: section)) }
    mutating func u64(section: String) throws(TraceError) -> UInt64 { try integer(8, section: section) }

    /// A count of entries, each at least `minimumEntryBytes` long, checked against the file.
    mutating func count(section: String, minimumEntryBytes: Int) throws(TraceError) -> Int {
        let n = Int(try u32(section: section))
        guard n * minimumEntryBytes <= file.size - offset else {
            throw file.corrupt(offset - 4, section, "\(n) entries cannot fit in the \(file.size - offset) bytes left")
        }
        return n
    }

    mutating func expect(_ literal: String, section: String) throws(TraceError) {
        let want = Array(literal.utf8)
        let got = try bytes(want.count, section: section)
        guard got == want else {
            throw file.corrupt(offset - want.count, section, "expected \"\(literal.replacing("\0", with: "\\0"))\"")
        }
    }

    func peekMatches(_ literal: String) throws(TraceError) -> Bool {
        let want = Array(literal.utf8)
        guard offset + want.count <= file.size else { return false }
        return try file.read(at: offset, count: want.count, section: "peek") == want
    }

    /// A size of `sizeWidth` bytes, then that many bytes.
    mutating func sizedBytes(sizeWidth: Int, section: String) throws(TraceError) -> [UInt8] {
        let size = try file.checkedLength(try integer(sizeWidth, section: section), at: offset - sizeWidth, section: section, what: "the \(section) size")
        return try bytes(size, section: section)
    }

    /// Skips a sized part; returns where its bytes are and how many.
    mutating func skipSized(sizeWidth: Int, section: String) throws(TraceError) -> (Int, Int) {
        let size = try file.checkedLength(try integer(sizeWidth, section: section), at: offset - sizeWidth, section: section, what: "the \(section) size")
        try file.checkRange(offset: offset, count: size, section: section)
        defer { offset += size }
        return (offset, size)
    }

    mutating func cString(section: String) throws(TraceError) -> String {
        let start = offset
        let window = try file.read(at: offset, count: min(256, file.size - offset), section: section)
        guard let end = window.firstIndex(of: 0) else {
            throw file.corrupt(start, section, "no NUL within 256 bytes for a name")
        }
        offset += end + 1
        return String(decoding: window[..<end], as: UTF8.self)
    }
}
