/// Reading the metadata of a version 7 trace.dat: a chain of options sections whose options
/// point at the other sections (trace-cmd.dat.v7(5)). Each section starts with
///
///     10 00  01 00  00 00 00 00  05 01 00 00 00 00 00 00   id 16, compressed, string 0, 261 bytes
///     fd 00 00 00  c3 01 00 00  28 b5 2f fd ...            253 bytes of zstd expanding to 451
extension TraceDatMetadata {
    /// Option ids of trace-cmd's `enum tracecmd_file_options`.
    enum OptionID: UInt16 {
        case done = 0, buffer = 3, cpuCount = 8, headerInfo = 16, ftraceEvents = 17, eventFormats = 18
        case kallsyms = 19, printk = 20, cmdlines = 21, bufferText = 22
    }

    /// Section ids: the options section, and the sections an option points at share its id.
    static let optionsSectionID: UInt16 = 0

    static func read(_ file: TraceDatFile) throws(TraceError) -> TraceDatMetadata {
        let header = try TraceDatHeader.read(file)
        var m = TraceDatMetadata(header: header)
        if header.version >= 7 {
            try m.readVersion7(file)
        } else {
            try m.readVersion6(file)
        }
        return m
    }

    mutating func readVersion7(_ file: TraceDatFile) throws(TraceError) {
        var next = header.firstOptionsOffset
        var visited = Set<Int>()
        var headerInfo: Int?, eventFormats: Int?, cmdlineSection: Int?
        var textBuffers: [String] = []
        while next != 0 {
            guard visited.insert(next).inserted, visited.count <= 4096 else {
                throw file.corrupt(next, "options", "options sections point back at each other")
            }
            let sectionOffset = next
            let bytes = try readSection(file, at: sectionOffset, id: TraceDatMetadata.optionsSectionID, name: "options")
            var c = ByteCursor(bytes, bigEndian: header.bigEndian)
            next = 0
            while !c.isAtEnd {
                let optionStart = c.offset
                guard let id = c.u16(), let size = c.u32(), let data = c.take(Int(size)) else {
                    throw file.corrupt(sectionOffset, "options", "option at byte \(optionStart) of the section runs past its end")
                }
                var d = ByteCursor(Array(data), bigEndian: header.bigEndian)
                func offsetOption(_ what: String) throws(TraceError) -> Int {
                    guard let v = d.u64() else { throw file.corrupt(sectionOffset, "options", "\(what) option shorter than 8 bytes") }
                    return try file.checkedLength(v, at: sectionOffset, section: "options", what: "the \(what) offset")
                }
                switch OptionID(rawValue: id) {
                case .done?:
                    next = try offsetOption("DONE")
                case .buffer?:
                    buffers.append(try parseBufferOption(&d, file: file, at: sectionOffset))
                case .cpuCount?:
                    cpuCount = d.u32().map(Int.init)
                case .headerInfo?: headerInfo = try offsetOption("HEADER_INFO")
                case .eventFormats?: eventFormats = try offsetOption("EVENT_FORMATS")
                case .kallsyms?: kallsyms = SectionReference(offset: try offsetOption("KALLSYMS"), size: 0, isV7Section: true)
                case .cmdlines?: cmdlineSection = try offsetOption("CMDLINES")
                case .bufferText?:
                    _ = d.u64()
                    textBuffers.append(d.cString() ?? "")
                default: break
                }
                if id == OptionID.done.rawValue { break }
            }
        }
        if buffers.isEmpty && !textBuffers.isEmpty {
            throw TraceError(.unsupported, file: file.path, location: .offset(header.firstOptionsOffset), section: "options",
                             "a latency-tracer (text) trace.dat; ext4trace reads flyrecord event data")
        }
        if let at = headerInfo {
            let bytes = try readSection(file, at: at, id: OptionID.headerInfo.rawValue, name: "header info")
            pageLayout = try parseHeaderInfo(bytes, file: file, at: at)
        }
        if let at = eventFormats {
            let bytes = try readSection(file, at: at, id: OptionID.eventFormats.rawValue, name: "event formats")
            try parseEventFormats(bytes, file: file, at: at)
        }
        if let at = cmdlineSection {
            let bytes = try readSection(file, at: at, id: OptionID.cmdlines.rawValue, name: "cmdlines")
            var c = ByteCursor(bytes, bigEndian: header.bigEndian)
            guard let size = c.u64(), size <= UInt64(c.remaining), let text = c.take(Int(size)) else {
                throw file.corrupt(at, "cmdlines", "the saved command lines overrun their section")
            }
            cmdlines = TraceDatMetadata.parseCmdlines(text)
        }
    }

    /// One section's content, decompressed when its flags say so.
    func readSection(_ file: TraceDatFile, at offset: Int, id: UInt16, name: String) throws(TraceError) -> [UInt8] {
        let head = try file.read(at: offset, count: 16, section: name)
        var c = ByteCursor(head, bigEndian: header.bigEndian)
        guard let sid = c.u16(), let flags = c.u16(), c.skip(4), let size64 = c.u64() else {
            throw file.corrupt(offset, name, "section header cut short")
        }
        guard sid == id else {
            throw file.corrupt(offset, name, "expected section id \(id), found \(sid)")
        }
        let size = try file.checkedLength(size64, at: offset + 8, section: name, what: "the section size")
        guard flags & 1 != 0 else { return try file.read(at: offset + 16, count: size, section: name) }
        guard header.compression != .none else {
            throw file.corrupt(offset + 2, name, "the section is flagged compressed in a file whose compression is none")
        }
        let sizes = try file.read(at: offset + 16, count: 8, section: name)
        var s = ByteCursor(sizes, bigEndian: header.bigEndian)
        guard let compressed = s.u32().map(Int.init), let expanded = s.u32().map(Int.init) else {
            throw file.corrupt(offset + 16, name, "compression header cut short")
        }
        guard compressed + 8 <= size else {
            throw file.corrupt(offset + 16, name, "compressed size \(compressed) exceeds the section size \(size)")
        }
        let input = try file.read(at: offset + 24, count: compressed, section: name)
        guard input.withUnsafeBytes({ header.compression.isPlausible(expanded: expanded, from: $0) }) else {
            throw file.corrupt(offset + 20, name, "claims to expand \(compressed) bytes of \(header.compression) to \(expanded)")
        }
        var output = [UInt8](repeating: 0, count: expanded)
        let ok = output.withUnsafeMutableBytes { o in input.withUnsafeBytes { i in header.compression.decompress(i, into: o) } }
        guard ok else {
            throw file.corrupt(offset + 24, name, "\(header.compression) data does not decompress to the \(expanded) bytes it claims")
        }
        return output
    }

    /// A v7 BUFFER option: offset, name, clock, [page size,] CPU count, then per CPU its id and
    /// the offset and size of its data.
    func parseBufferOption(_ d: inout ByteCursor, file: TraceDatFile, at sectionOffset: Int) throws(TraceError) -> BufferLayout {
        guard d.u64() != nil, let name = d.cString(), d.cString() != nil else {
            throw file.corrupt(sectionOffset, "options", "BUFFER option cut short")
        }
        // trace-cmd 3.x writes the page size after the clock; older writers do not.
        let rest = d.remaining
        if rest >= 8, (rest - 8) % 20 == 0 {
            var probe = d
            _ = probe.u32()
            if let n = probe.u32(), Int(n) * 20 == rest - 8 { _ = d.u32() }
        }
        guard let count = d.u32(), Int(count) * 20 <= d.remaining else {
            throw file.corrupt(sectionOffset, "options", "BUFFER option \"\(name)\" lists more CPUs than it has bytes for")
        }
        var cpus: [CPUData] = []
        for _ in 0..<Int(count) {
            guard let id = d.u32(), let off = d.u64(), let size = d.u64() else { break }
            let o = try file.checkedLength(off, at: sectionOffset, section: "options", what: "CPU \(id)'s data offset")
            let s = try file.checkedLength(size, at: sectionOffset, section: "options", what: "CPU \(id)'s data size")
            try file.checkRange(offset: o, count: s, section: "buffer \(name) cpu \(id)")
            cpus.append(CPUData(cpu: Int(id), offset: o, size: s))
        }
        return BufferLayout(name: name, cpus: cpus)
    }

    /// `header_page\0` size text `header_event\0` size text.
    func parseHeaderInfo(_ bytes: [UInt8], file: TraceDatFile, at offset: Int) throws(TraceError) -> RingBufferPageLayout {
        var c = ByteCursor(bytes, bigEndian: header.bigEndian)
        guard c.expect(Array("header_page".utf8) + [0]), let size = c.u64(), size <= UInt64(c.remaining),
              let text = c.take(Int(size)) else {
            throw file.corrupt(offset, "header info", "no header_page description")
        }
        return RingBufferPageLayout(headerPage: text)
    }

    /// The event formats section: systems, each with its events' `format` files.
    mutating func parseEventFormats(_ bytes: [UInt8], file: TraceDatFile, at offset: Int) throws(TraceError) {
        var c = ByteCursor(bytes, bigEndian: header.bigEndian)
        guard let systems = c.u32(), Int(systems) <= c.remaining else {
            throw file.corrupt(offset, "event formats", "system count larger than the section")
        }
        for _ in 0..<Int(systems) {
            guard let system = c.cString(), let count = c.u32(), Int(count) * 8 <= c.remaining else {
                throw file.corrupt(offset, "event formats", "system entry cut short at byte \(c.offset) of the section")
            }
            for _ in 0..<Int(count) {
                guard let size = c.u64(), size <= UInt64(c.remaining), let text = c.take(Int(size)) else {
                    throw file.corrupt(offset, "event formats", "format of system \(system) runs past the section at byte \(c.offset)")
                }
                formats.add(system: system, text: text)
            }
        }
    }

    /// The kallsyms text, read now (it is only needed to print `%pS`).
    func kallsymsText(_ file: TraceDatFile) throws(TraceError) -> ArraySlice<UInt8>? {
        guard let k = kallsyms else { return nil }
        if k.isV7Section {
            let bytes = try readSection(file, at: k.offset, id: OptionID.kallsyms.rawValue, name: "kallsyms")
            var c = ByteCursor(bytes, bigEndian: header.bigEndian)
            guard let size = c.u32(), Int(size) <= c.remaining, let text = c.take(Int(size)) else {
                throw file.corrupt(k.offset, "kallsyms", "kallsyms size larger than its section")
            }
            return text
        }
        return try file.read(at: k.offset, count: k.size, section: "kallsyms")[...]
    }
}
