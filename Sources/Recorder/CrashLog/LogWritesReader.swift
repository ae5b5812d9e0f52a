#if canImport(Glibc)
import Glibc
#endif

/// Reads a dm-log-writes log file entry by entry with `pread`, the way xfstests'
/// src/log-writes/log-writes.c log_open() and log_seek_next_entry() walk it, but never trusting
/// the file: every count and length is checked against the file's size, and a damaged log gives
/// the entries before the damage and one `CrashLogError` naming the file and offset.
public final class LogWritesReader {
    public let path: String
    public let header: LogWritesSuper
    public let fileBytes: Int64
    private let fd: Int32

    /// Opens `path` and checks its super block (log_open(): magic, version, sector size).
    public init(path: String) throws(CrashLogError) {
        self.path = path
        fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 { throw CrashLogError(.io, path, "cannot open: \(errnoText())") }
        var st = stat()
        fstat(fd, &st)
        let size = Int64(st.st_size)
        fileBytes = size
        do {
            header = try Self.readSuper(fd: fd, path: path, fileBytes: size)
        } catch {
            close(fd)
            throw error
        }
    }

    deinit { close(fd) }

    static func readSuper(fd: Int32, path: String, fileBytes: Int64) throws(CrashLogError) -> LogWritesSuper {
        guard let bytes = preadExactly(fd, count: LogWritesFormat.superBytes, at: 0) else {
            throw CrashLogError(.badSuper, path, offset: 0, "shorter than a log-writes super block (\(fileBytes) bytes)")
        }
        let magic = bytes.littleEndianUInt64(at: 0)
        guard magic == LogWritesFormat.magic else {
            throw CrashLogError(.badSuper, path, offset: 0, "not a dm-log-writes log (magic 0x\(String(magic, radix: 16)), expected 0x6a736677736872)")
        }
        let version = bytes.littleEndianUInt64(at: 8)
        guard version == LogWritesFormat.version else {
            throw CrashLogError(.badSuper, path, offset: 8, "log-writes version \(version), expected 1")
        }
        let sectorBytes = Int(bytes.littleEndianUInt32(at: 24))
        guard sectorBytes >= 512, sectorBytes <= 65536, sectorBytes & (sectorBytes - 1) == 0 else {
            throw CrashLogError(.badSuper, path, offset: 24, "sector size \(sectorBytes) is not a power of two from 512 to 64 KiB")
        }
        return LogWritesSuper(entryCount: bytes.littleEndianUInt64(at: 16), sectorBytes: sectorBytes)
    }

    /// Every entry the super block counts, in order, stopping at the first damaged one.
    public func readEntries() -> (entries: [LogWritesEntry], damage: CrashLogError?) {
        var entries: [LogWritesEntry] = []
        let slot = Int64(header.sectorBytes)
        var offset = slot
        var index = 0
        while UInt64(index) < header.entryCount {
            switch readEntry(index: index, at: offset) {
            case .success(let entry):
                entries.append(entry)
                offset = entry.nextOffset(slot: slot)
                index += 1
            case .failure(let damage):
                return (entries, damage)
            }
        }
        return (entries, nil)
    }

    /// The entries, or the damage as an error.
    public func entries() throws(CrashLogError) -> [LogWritesEntry] {
        let (entries, damage) = readEntries()
        if let damage { throw damage }
        return entries
    }

    /// One entry at `offset` (log_seek_next_entry(), with log_entry_valid()'s checks).
    func readEntry(index: Int, at offset: Int64) -> Result<LogWritesEntry, CrashLogError> {
        let slot = header.sectorBytes
        guard let bytes = Self.preadExactly(fd, count: slot, at: offset) else {
            return .failure(CrashLogError(.truncated, path, offset: offset,
                                          "entry \(index) of \(header.entryCount): the log ends inside its slot (\(fileBytes) bytes)"))
        }
        let sector = bytes.littleEndianUInt64(at: 0)
        let count = bytes.littleEndianUInt64(at: 8)
        let flags = LogWritesFlags(rawValue: bytes.littleEndianUInt64(at: 16))
        let dataLength = bytes.littleEndianUInt64(at: 24)
        if flags.rawValue == 0 && count == 0 {
            return .failure(CrashLogError(.malformed, path, offset: offset, "entry \(index): all zeroes (no flags, no sectors)"))
        }
        if flags != .mark && bytes[LogWritesFormat.entryHeaderBytes] != 0 {
            return .failure(CrashLogError(.malformed, path, offset: offset + Int64(LogWritesFormat.entryHeaderBytes),
                                          "entry \(index): slot not zero-padded after the header (flags \(flags.text))"))
        }
        var name: String?
        if flags.contains(.mark) {
            guard dataLength <= UInt64(slot - LogWritesFormat.entryHeaderBytes) else {
                return .failure(CrashLogError(.malformed, path, offset: offset + 24, "entry \(index): mark of \(dataLength) bytes does not fit its slot"))
            }
            let start = LogWritesFormat.entryHeaderBytes
            name = String(decoding: bytes[start..<(start + Int(dataLength))].prefix { $0 != 0 }, as: UTF8.self)
        }
        let dataOffset = offset + Int64(slot)
        if !flags.contains(.discard) && count > 0 {
            let (dataBytes, overflow) = count.multipliedReportingOverflow(by: UInt64(slot))
            if overflow || dataBytes > UInt64(max(0, fileBytes - dataOffset)) {
                return .failure(CrashLogError(.truncated, path, offset: offset,
                                              "entry \(index) claims \(count) sectors of data, past the end of the log (\(fileBytes) bytes)"))
            }
        }
        return .success(LogWritesEntry(index: index, offset: offset, sector: sector, sectorCount: count, flags: flags,
                                       dataOffset: count > 0 && !flags.contains(.discard) ? dataOffset : 0, markName: name))
    }

    /// The data an entry wrote (`nr_sectors * sectorsize` bytes after its slot).
    public func data(of entry: LogWritesEntry) throws(CrashLogError) -> [UInt8] {
        let count = Int(entry.sectorCount) * header.sectorBytes
        guard let bytes = Self.preadExactly(fd, count: count, at: entry.dataOffset) else {
            throw CrashLogError(.truncated, path, offset: entry.dataOffset, "entry \(entry.index): data cut short")
        }
        return bytes
    }

    /// Where the log's last entry ends: the bytes worth keeping of a sparse log device.
    public static func usedBytes(of entries: [LogWritesEntry], sectorBytes: Int) -> Int64 {
        entries.last.map { $0.nextOffset(slot: Int64(sectorBytes)) } ?? Int64(sectorBytes)
    }

    static func preadExactly(_ fd: Int32, count: Int, at offset: Int64) -> [UInt8]? {
        guard offset >= 0, count >= 0 else { return nil }
        var out = [UInt8](repeating: 0, count: count)
        var done = 0
        while done < count {
            let n = out.withUnsafeMutableBytes { pread(fd, $0.baseAddress! + done, count - done, off_t(offset) + off_t(done)) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return nil }
            done += n
        }
        return out
    }
}

extension LogWritesEntry {
    /// The offset of the next entry's slot.
    func nextOffset(slot: Int64) -> Int64 {
        let data = flags.contains(.discard) ? 0 : Int64(sectorCount) * slot
        return offset + slot + data
    }
}

extension Array where Element == UInt8 {
    func littleEndianUInt64(at i: Int) -> UInt64 {
        var v: UInt64 = 0
        for k in 0..<8 where i + k < count { v |= UInt64(self[i + k]) << (8 * k) }
        return v
    }

    func littleEndianUInt32(at i: Int) -> UInt32 {
        var v: UInt32 = 0
        for k in 0..<4 where i + k < count { v |= UInt32(self[i + k]) << (8 * k) }
        return v
    }
}
