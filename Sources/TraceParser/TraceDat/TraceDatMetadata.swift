/// Everything a trace.dat says about its events besides the events themselves: the ring-buffer
/// page layout, the event formats, where kallsyms is, the pid → comm table and the buffers
/// (the top instance and named ones) with each CPU's data.
struct TraceDatMetadata {
    var header: TraceDatHeader
    var pageLayout = RingBufferPageLayout()
    var formats = FormatTable()
    /// Where the kallsyms text is, read only when a `%pS` needs it.
    var kallsyms: SectionReference?
    var cmdlines: [Int32: String] = [:]
    var buffers: [BufferLayout] = []
    /// The CPU count of the traced machine (the CPUCOUNT option, or the v6 header's count).
    var cpuCount: Int?

    /// One instance's flyrecord data.
    struct BufferLayout {
        /// The instance name; "" for the top instance.
        var name: String
        var cpus: [CPUData]
    }

    /// One CPU's ring-buffer pages: `size` bytes at `offset`, compressed in chunks in v7 files
    /// whose compression is not `none`.
    struct CPUData {
        var cpu: Int
        var offset: Int
        var size: Int
    }

    /// Bytes of a section: raw at `offset` (v6, and v7 uncompressed), or a v7 section header.
    struct SectionReference {
        var offset: Int
        var size: Int
        var isV7Section: Bool
    }

    /// `pid comm` lines of `saved_cmdlines`:
    ///
    ///     3603 xfs_io
    ///     22 ksoftirqd/1
    static func parseCmdlines(_ text: ArraySlice<UInt8>) -> [Int32: String] {
        var table: [Int32: String] = [:]
        for line in text.split(separator: 0x0A) {
            guard let space = line.firstIndex(of: 0x20) else { continue }
            var pid: Int32 = 0
            var ok = space > line.startIndex
            for c in line[line.startIndex..<space] {
                guard c >= 0x30, c <= 0x39, pid < Int32.max / 10 else { ok = false; break }
                pid = pid * 10 + Int32(c - 0x30)
            }
            if ok { table[pid] = String(decoding: line[(space + 1)...], as: UTF8.self) }
        }
        return table
    }
}

/// The layout of a ring-buffer page, from the file's `header_page`:
///
///     field: u64 timestamp;	offset:0;	size:8;	signed:0;
///     field: local_t commit;	offset:8;	size:8;	signed:1;
///     field: int overwrite;	offset:8;	size:1;	signed:1;
///     field: char data;	offset:16;	size:4080;	signed:1;
struct RingBufferPageLayout {
    var timestampOffset = 0
    var commitOffset = 8
    var commitSize = 8
    var dataOffset = 16

    init() {}

    init(headerPage text: ArraySlice<UInt8>) {
        for line in String(decoding: text, as: UTF8.self).split(separator: "\n") {
            guard let f = FieldFormat.parse(line) else { continue }
            switch f.name {
            case "timestamp": timestampOffset = f.offset
            case "commit": commitOffset = f.offset; commitSize = f.size
            case "data": dataOffset = f.offset
            default: break
            }
        }
    }
}
