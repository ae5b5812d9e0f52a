/// Writes a trace.dat that `trace-cmd report` and KernelShark read, from the pages and metadata
/// ext4trace read out of tracefs itself (no `trace-cmd extract`).
///
/// Layouts follow trace-cmd's Documentation/trace-cmd/trace-cmd.dat.v6.5.txt and
/// trace-cmd.dat.v7.5.txt, checked against files trace-cmd 3.1.6 wrote (the corpus). Where the
/// v7 document is silent, the files show: section headers are u16 id, u16 flags, u32 string id,
/// **u64** size; the BUFFER option carries a u32 sub-buffer size between the clock and the CPU
/// count; pages are compressed in chunks of 10 pages; each CPU's data starts page-aligned.
public enum TraceDatWriter {
    /// Pages per compressed chunk, as trace-cmd writes them.
    static let pagesPerChunk = 10

    public static func write(_ contents: TraceDatContents, to path: String,
                             version: TraceDatFileVersion = .default) throws {
        var file = try OutputFile(creating: path)
        switch version {
        case .v6: try writeV6(contents, &file)
        case .v7(let compressed): try writeV7(contents, &file, compressed: compressed)
        }
    }

    /// magic, version string, endianness, long size, u32 page size.
    static func fileHeader(_ c: TraceDatContents, version: String) -> ByteWriter {
        var b = ByteWriter()
        b.append(traceDatMagic)
        b.cString(version)
        b.u8(ByteWriter.hostIsBigEndian ? 1 : 0)
        b.u8(UInt8(c.longSize))
        b.u32(UInt32(c.pageSize))
        return b
    }

    // MARK: version 6

    /// Header, metadata blocks, CPU count, `options  \0` + options + u16 0, `flyrecord\0`, then a
    /// (u64 offset, u64 size) pair per CPU and the page-aligned pages.
    static func writeV6(_ c: TraceDatContents, _ file: inout OutputFile) throws {
        var b = fileHeader(c, version: "6")
        b.append(c.headerInfoBody)
        b.append(c.ftraceFormatsBody)
        b.append(c.eventFormatsBody)
        b.append(c.kallsymsBody)
        b.append(c.printkBody)
        b.append(c.cmdlinesBody)
        b.u32(UInt32(c.cpus.count))
        b.append(Array("options  ".utf8) + [0])
        for (id, data) in c.commonOptions {
            b.u16(id.rawValue); b.u32(UInt32(data.count)); b.append(data)
        }
        b.u16(TraceDatOption.done.rawValue)
        b.append(Array("flyrecord".utf8) + [0])
        // Offsets follow from the sizes: pages start at the next page boundary, back to back.
        let tableEnd = UInt64(b.bytes.count + 16 * c.cpus.count)
        var offset = roundUp(tableEnd, UInt64(c.pageSize))
        for cpu in c.cpus {
            let size = UInt64(cpu.byteCount)
            b.u64(size == 0 ? 0 : offset); b.u64(size)
            offset += size
        }
        try file.write(b.bytes)
        try file.pad(to: c.pageSize)
        for cpu in c.cpus {
            try cpu.forEachChunk(c.pageSize * 256) { raw in try file.write(raw) }
        }
    }

    // MARK: version 7

    static func writeV7(_ c: TraceDatContents, _ file: inout OutputFile, compressed: Bool) throws {
        var strings = SectionStrings()
        var head = fileHeader(c, version: "7")
        head.cString(compressed ? "zstd" : "none")
        head.cString(compressed ? Zstd.versionString : "")
        let optionsOffsetAt = UInt64(head.bytes.count)
        head.u64(0)                                   // patched: where the options section starts
        try file.write(head.bytes)

        var options: [(TraceDatOption, [UInt8])] = []
        let metadata: [(TraceDatOption, String, [UInt8])] = [
            (.headerInfo, "headers", c.headerInfoBody),
            (.ftraceEvents, "ftrace events", c.ftraceFormatsBody),
            (.eventFormats, "events format", c.eventFormatsBody),
            (.kallsyms, "kallsyms", c.kallsymsBody),
            (.printk, "printk", c.printkBody),
            (.cmdlines, "command lines", c.cmdlinesBody),
        ]
        for (id, name, body) in metadata {
            let at = try writeSection(id, name, body, compressed: compressed, &file, &strings)
            var o = ByteWriter(); o.u64(at)
            options.append((id, o.bytes))
        }
        options += c.commonOptions
        options.append((.buffer, try writeBufferSection(c, &file, compressed: compressed, &strings)))

        // The options section: not compressed, ends with DONE pointing nowhere (offset 0).
        let optionsAt = file.offset
        var o = ByteWriter()
        for (id, data) in options { o.u16(id.rawValue); o.u32(UInt32(data.count)); o.append(data) }
        o.u16(TraceDatOption.done.rawValue); o.u32(8); o.u64(0)
        try writeSection(.done, "options", o.bytes, compressed: false, &file, &strings)
        var patch = ByteWriter(); patch.u64(optionsAt)
        try file.patch(patch.bytes, at: optionsOffsetAt)

        // The strings the section headers name, last, as trace-cmd writes them.
        let stringsId = strings.id("strings")
        var s = ByteWriter()
        s.u16(TraceDatOption.strings.rawValue); s.u16(0); s.u32(stringsId); s.u64(UInt64(strings.bytes.count))
        s.append(strings.bytes)
        try file.write(s.bytes)
    }

    /// Section header (u16 id, u16 flags, u32 description id, u64 size) and body; a compressed
    /// body is u32 compressed size, u32 original size, zstd data. Returns the section's offset.
    @discardableResult
    static func writeSection(_ id: TraceDatOption, _ name: String, _ body: [UInt8], compressed: Bool,
                             _ file: inout OutputFile, _ strings: inout SectionStrings) throws -> UInt64 {
        let at = file.offset
        var b = ByteWriter()
        var payload = body
        if compressed {
            let z = try Zstd.compress(body)
            var p = ByteWriter(); p.u32(UInt32(z.count)); p.u32(UInt32(body.count)); p.append(z)
            payload = p.bytes
        }
        b.u16(id.rawValue); b.u16(compressed ? 1 : 0); b.u32(strings.id(name)); b.u64(UInt64(payload.count))
        b.append(payload)
        try file.write(b.bytes)
        return at
    }

    /// The BUFFER FLYRECORD section (header, padding to a page, each CPU's data page-aligned;
    /// compressed data is u32 chunk count then u32 compressed size, u32 original size, zstd data
    /// per chunk). Returns the BUFFER option's data: u64 section offset, name, clock, u32 page
    /// size, u32 CPU count, then u32 cpu, u64 offset, u64 size per CPU.
    static func writeBufferSection(_ c: TraceDatContents, _ file: inout OutputFile, compressed: Bool,
                                   _ strings: inout SectionStrings) throws -> [UInt8] {
        let sectionAt = file.offset
        let label = c.bufferName.isEmpty ? "buffer flyrecord" : "buffer flyrecord \(c.bufferName)"
        var h = ByteWriter()
        h.u16(TraceDatOption.buffer.rawValue); h.u16(compressed ? 1 : 0); h.u32(strings.id(label)); h.u64(0)
        try file.write(h.bytes)
        var placed: [(offset: UInt64, size: UInt64)] = []
        for cpu in c.cpus {
            try file.pad(to: c.pageSize)
            let start = file.offset
            if cpu.byteCount > 0 {
                if compressed {
                    try writeCompressedPages(cpu, pageSize: c.pageSize, &file)
                } else {
                    try cpu.forEachChunk(c.pageSize * 256) { raw in try file.write(raw) }
                }
            }
            placed.append((start, file.offset - start))
        }
        var size = ByteWriter(); size.u64(file.offset - sectionAt - 16)
        try file.patch(size.bytes, at: sectionAt + 8)

        var o = ByteWriter()
        o.u64(sectionAt)
        o.cString(c.bufferName)
        o.cString(c.clockName)
        o.u32(UInt32(c.pageSize))
        o.u32(UInt32(c.cpus.count))
        for (cpu, p) in placed.enumerated() {
            o.u32(UInt32(cpu)); o.u64(p.size == 0 ? 0 : p.offset); o.u64(p.size)
        }
        return o.bytes
    }

    /// One CPU's pages as zstd chunks of `pagesPerChunk` pages, preceded by the chunk count.
    static func writeCompressedPages(_ cpu: CPUPages, pageSize: Int, _ file: inout OutputFile) throws {
        let chunkBytes = pageSize * pagesPerChunk
        let count = (cpu.byteCount + chunkBytes - 1) / chunkBytes
        var b = ByteWriter(); b.u32(UInt32(count))
        try file.write(b.bytes)
        try cpu.forEachChunk(chunkBytes) { raw in
            let z = try Zstd.compress(raw)
            var c = ByteWriter(); c.u32(UInt32(z.count)); c.u32(UInt32(raw.count)); c.append(z)
            try file.write(c.bytes)
        }
    }

    static func roundUp(_ x: UInt64, _ to: UInt64) -> UInt64 { (x + to - 1) / to * to }
}

/// The strings section of a v7 file: each section header names its description by offset here.
struct SectionStrings {
    private(set) var bytes: [UInt8] = []
    private var ids: [String: UInt32] = [:]

    mutating func id(_ s: String) -> UInt32 {
        if let id = ids[s] { return id }
        let id = UInt32(bytes.count)
        bytes += s.utf8; bytes.append(0)
        ids[s] = id
        return id
    }
}
