@testable import Recorder

/// Builds ring-buffer pages the way the kernel lays them out (include/linux/ring_buffer.h,
/// kernel/trace/ring_buffer.c): a page header (u64 timestamp, u64 commit = bytes of data), then
/// events, each a u32 `type_len:5 | time_delta:27` header and a payload of `type_len * 4` bytes.
struct SyntheticRingBuffer {
    let pageSize: Int
    var pages: [UInt8] = []
    private var page: [UInt8] = []
    private var lastTimestampNs: UInt64 = 0

    init(pageSize: Int = 4096) { self.pageSize = pageSize }

    /// Appends one event record; starts a new page when this one is full.
    mutating func add(timestampNs: UInt64, payload: [UInt8]) {
        precondition(payload.count % 4 == 0 && payload.count <= 28 * 4)
        if page.isEmpty || page.count + 4 + payload.count > pageSize {
            finishPage()
            var header = ByteWriter(); header.u64(timestampNs); header.u64(0)
            page = header.bytes
            lastTimestampNs = timestampNs
        }
        let delta = timestampNs - lastTimestampNs
        precondition(delta < 1 << 27)
        var b = ByteWriter()
        b.u32(UInt32(payload.count / 4) | UInt32(delta) << 5)
        b.append(payload)
        page += b.bytes
        lastTimestampNs = timestampNs
    }

    /// Closes the current page: writes its commit (data bytes) and zero-fills it to `pageSize`.
    mutating func finishPage() {
        guard !page.isEmpty else { return }
        var commit = ByteWriter(); commit.u64(UInt64(page.count - 16))
        page.replaceSubrange(8..<16, with: commit.bytes)
        page += [UInt8](repeating: 0, count: pageSize - page.count)
        pages += page
        page = []
    }

    /// The payload of an `ext4:ext4_da_write_begin` event (format below, ID 1255): common
    /// fields, then dev_t dev @8, ino_t ino @16, loff_t pos @24, unsigned int len @32.
    static func daWriteBegin(pid: Int32, dev: UInt32, ino: UInt64, pos: Int64, len: UInt32) -> [UInt8] {
        var b = ByteWriter()
        b.u16(1255); b.u8(0); b.u8(0); b.u32(UInt32(bitPattern: pid))
        b.u32(dev); b.u32(0)
        b.u64(ino); b.u64(UInt64(bitPattern: pos)); b.u32(len)
        return b.bytes
    }
}

/// Real tracefs text from Linux 6.18 (x86_64), the files a trace.dat needs to decode the pages.
enum RealFormats {
    static let headerPage = """
    \tfield: u64 timestamp;\toffset:0;\tsize:8;\tsigned:0;
    \tfield: local_t commit;\toffset:8;\tsize:8;\tsigned:1;
    \tfield: int overwrite;\toffset:8;\tsize:1;\tsigned:1;
    \tfield: char data;\toffset:16;\tsize:4080;\tsigned:0;

    """
    static let headerEvent = """
    # compressed entry header
    \ttype_len    :    5 bits
    \ttime_delta  :   27 bits
    \tarray       :   32 bits

    \tpadding     : type == 29
    \ttime_extend : type == 30
    \ttime_stamp : type == 31
    \tdata max type_len  == 28

    """
    static let daWriteBegin = """
    name: ext4_da_write_begin
    ID: 1255
    format:
    \tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;
    \tfield:unsigned char common_flags;\toffset:2;\tsize:1;\tsigned:0;
    \tfield:unsigned char common_preempt_count;\toffset:3;\tsize:1;\tsigned:0;
    \tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;

    \tfield:dev_t dev;\toffset:8;\tsize:4;\tsigned:0;
    \tfield:ino_t ino;\toffset:16;\tsize:8;\tsigned:0;
    \tfield:loff_t pos;\toffset:24;\tsize:8;\tsigned:1;
    \tfield:unsigned int len;\toffset:32;\tsize:4;\tsigned:0;

    print fmt: "dev %d,%d ino %lu pos %lld len %u", ((unsigned int) ((REC->dev) >> 20)), ((unsigned int) ((REC->dev) & ((1U << 20) - 1))), (unsigned long) REC->ino, REC->pos, REC->len

    """
}
