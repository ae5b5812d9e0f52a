@testable import TraceParser

/// Rewrites a little-endian v7 trace.dat with another compression: every compressed section
/// and every flyrecord chunk is decompressed and compressed again, and the options point at
/// the new places. This machine's trace-cmd cannot write zlib, so the zlib fixture is made
/// from a zstd capture this way.
enum TraceDatRecompressor {
    struct Failure: Error, CustomStringConvertible { var description: String }

    static func recompress(_ path: String, to compression: TraceDatCompression, name: String, output: String) throws {
        let file = try TraceDatFile(path: path)
        let header = try TraceDatHeader.read(file)
        guard header.version == 7, !header.bigEndian else { throw Failure(description: "only little-endian v7 files") }
        let meta = TraceDatMetadata(header: header)
        var out: [UInt8] = TraceFile.traceDatMagic + Array("7\0".utf8) + [0, UInt8(header.longSize)]
        out += le32(UInt32(header.pageSize))
        out += Array("\(name)\0".utf8) + Array("1\0".utf8)
        let optionsOffsetAt = out.count
        out += le64(0)

        // Every option of the chain, in order, without the DONE markers.
        var options: [(id: UInt16, data: [UInt8])] = []
        var next = header.firstOptionsOffset
        while next != 0 {
            var c = ByteCursor(try meta.readSection(file, at: next, id: 0, name: "options"), bigEndian: false)
            next = 0
            while let id = c.u16(), let size = c.u32(), let data = c.take(Int(size)) {
                if id == 0 { var d = ByteCursor(Array(data), bigEndian: false); next = Int(d.u64() ?? 0); break }
                options.append((id, Array(data)))
            }
        }

        var rewritten: [(UInt16, [UInt8])] = []
        for (id, data) in options {
            var d = ByteCursor(data, bigEndian: false)
            switch id {
            case 16...21:
                let content = try meta.readSection(file, at: Int(d.u64() ?? 0), id: id, name: "section \(id)")
                rewritten.append((id, le64(UInt64(out.count))))
                try appendSection(&out, id: id, content: content, compression: compression)
            case 3:
                rewritten.append((3, try rewriteBuffer(&d, file: file, header: header, into: &out, compression: compression)))
            default:
                rewritten.append((id, data))
            }
        }
        let optionsOffset = out.count
        var body: [UInt8] = []
        for (id, data) in rewritten { body += le16(id) + le32(UInt32(data.count)) + data }
        body += le16(0) + le32(8) + le64(0)
        out += le16(0) + le16(0) + le32(0) + le64(UInt64(body.count)) + body
        out.replaceSubrange(optionsOffsetAt..<(optionsOffsetAt + 8), with: le64(UInt64(optionsOffset)))
        try DatFixtures.write(out, to: output)
    }

    static func appendSection(_ out: inout [UInt8], id: UInt16, content: [UInt8], compression: TraceDatCompression) throws {
        guard let packed = compression.compress(content) else { throw Failure(description: "compression failed") }
        out += le16(id) + le16(1) + le32(0) + le64(UInt64(8 + packed.count))
        out += le32(UInt32(packed.count)) + le32(UInt32(content.count)) + packed
    }

    /// Copies one buffer's CPU data chunk by chunk, recompressed; returns the new BUFFER option.
    static func rewriteBuffer(_ d: inout ByteCursor, file: TraceDatFile, header: TraceDatHeader,
                              into out: inout [UInt8], compression: TraceDatCompression) throws -> [UInt8] {
        _ = d.u64()
        guard let name = d.cString(), let clock = d.cString(), let pageSize = d.u32(), let count = d.u32() else {
            throw Failure(description: "BUFFER option without a page size")
        }
        let sectionAt = out.count
        out += le16(3) + le16(1) + le32(0) + le64(0)
        var cpus: [(UInt32, Int, Int)] = []
        for _ in 0..<count {
            guard let cpu = d.u32(), let offset = d.u64(), let size = d.u64() else { throw Failure(description: "cut BUFFER") }
            while out.count % Int(pageSize) != 0 { out.append(0) }
            let start = out.count
            let raw = try file.read(at: Int(offset), count: Int(size) + 4, section: "cpu")
            var c = ByteCursor(raw, bigEndian: false)
            let chunks = c.u32() ?? 0
            out += le32(chunks)
            for _ in 0..<chunks {
                guard let csize = c.u32(), let usize = c.u32(), let packed = c.take(Int(csize)) else { throw Failure(description: "cut chunk") }
                var plain = [UInt8](repeating: 0, count: Int(usize))
                let ok = plain.withUnsafeMutableBytes { o in Array(packed).withUnsafeBytes { i in header.compression.decompress(i, into: o) } }
                guard ok, let repacked = compression.compress(plain) else { throw Failure(description: "chunk recompression failed") }
                out += le32(UInt32(repacked.count)) + le32(usize) + repacked
            }
            cpus.append((cpu, start, out.count - start - 4))
        }
        out.replaceSubrange((sectionAt + 8)..<(sectionAt + 16), with: le64(UInt64(out.count - sectionAt - 16)))
        var option = le64(UInt64(sectionAt)) + Array("\(name)\0\(clock)\0".utf8) + le32(pageSize) + le32(count)
        for (cpu, offset, size) in cpus { option += le32(cpu) + le64(UInt64(offset)) + le64(UInt64(size)) }
        return option
    }

    static func le16(_ v: UInt16) -> [UInt8] { withUnsafeBytes(of: v.littleEndian, Array.init) }
    static func le32(_ v: UInt32) -> [UInt8] { withUnsafeBytes(of: v.littleEndian, Array.init) }
    static func le64(_ v: UInt64) -> [UInt8] { withUnsafeBytes(of: v.littleEndian, Array.init) }
}
