/// The fixed start of a trace.dat (trace-cmd.dat.v6(5), trace-cmd.dat.v7(5)):
///
///     17 08 44 "tracing" "7\0"   magic and version
///     00                        0 = little endian, 1 = big endian
///     08                        bytes per user-space long
///     00 10 00 00               page size (4096)
///     "zstd\0" "1.5.4\0"        v7: compression name and version ("none" when uncompressed)
///     dd 5f 11 00 00 00 00 00   v7: offset of the first options section
struct TraceDatHeader {
    var version: Int
    var bigEndian: Bool
    var longSize: Int
    var pageSize: Int
    var compression: TraceDatCompression
    /// v7: where the first options section starts.
    var firstOptionsOffset: Int
    /// Where the bytes after this header start (v6 continues with `header_page`).
    var end: Int

    static let section = "file header"

    static func read(_ file: TraceDatFile) throws(TraceError) -> TraceDatHeader {
        let bytes = try file.read(at: 0, count: min(file.size, 512), section: section)
        var c = ByteCursor(bytes, bigEndian: false)
        if bytes.count < TraceFile.traceDatMagic.count, TraceFile.traceDatMagic.starts(with: bytes) {
            throw file.corrupt(bytes.count, section, "the file ends inside the trace.dat magic, after \(bytes.count) bytes")
        }
        guard c.expect(TraceFile.traceDatMagic) else {
            throw file.corrupt(0, section, "not a trace.dat: the file does not start with \\x17\\x08\\x44tracing")
        }
        guard let versionText = c.cString(), let version = Int(versionText) else {
            throw file.corrupt(c.offset, section, "no NUL-terminated version number after the magic")
        }
        guard version == 6 || version == 7 else {
            throw TraceError(.unsupported, file: file.path, location: .offset(10), section: section,
                             "trace.dat version \(versionText); ext4trace reads versions 6 and 7")
        }
        guard let endian = c.u8(), endian <= 1, let longSize = c.u8(), longSize == 4 || longSize == 8 else {
            throw file.corrupt(c.offset, section, "bad endianness or long-size byte")
        }
        var h = TraceDatHeader(version: version, bigEndian: endian == 1, longSize: Int(longSize), pageSize: 0,
                               compression: .none, firstOptionsOffset: 0, end: 0)
        c = ByteCursor(bytes, offset: c.offset, bigEndian: h.bigEndian)
        guard let pageSize = c.u32(), pageSize >= 64, pageSize <= 1 << 20, pageSize & (pageSize - 1) == 0 else {
            throw file.corrupt(c.offset - 4, section, "page size is not a power of two between 64 B and 1 MiB")
        }
        h.pageSize = Int(pageSize)
        if version >= 7 {
            guard let name = c.cString(), let _ = c.cString() else {
                throw file.corrupt(c.offset, section, "no compression name and version")
            }
            guard let compression = TraceDatCompression(name: name) else {
                throw TraceError(.unsupported, file: file.path, location: .offset(c.offset), section: section,
                                 "compression \"\(name)\"; ext4trace reads zstd, zlib and none")
            }
            h.compression = compression
            guard let options = c.u64() else { throw file.corrupt(c.offset, section, "cut short before the options offset") }
            h.firstOptionsOffset = try file.checkedLength(options, at: c.offset - 8, section: section, what: "the options offset")
        }
        h.end = c.offset
        return h
    }
}
