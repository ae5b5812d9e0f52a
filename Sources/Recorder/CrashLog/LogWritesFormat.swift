/// The on-disk format of dm-log-writes (drivers/md/dm-log-writes.c; Documentation/admin-guide/
/// device-mapper/log-writes.rst), as xfstests' src/log-writes/log-writes.h reads it.
///
/// Little-endian. Sector 0 of the log holds `struct log_write_super`; every entry then takes one
/// `sectorsize` slot holding `struct log_write_entry` (a mark's name follows the 32-byte header
/// in the same slot), followed — unless it is a discard — by `nr_sectors * sectorsize` bytes of
/// the data written.
public enum LogWritesFormat {
    /// `WRITE_LOG_MAGIC`: "jsfwshr" read as a little-endian integer.
    public static let magic: UInt64 = 0x6a73_6677_7368_72
    /// `WRITE_LOG_VERSION`.
    public static let version: UInt64 = 1
    /// `sizeof(struct log_write_super)`: magic, version, nr_entries (u64) and sectorsize (u32).
    public static let superBytes = 28
    /// `sizeof(struct log_write_entry)`: sector, nr_sectors, flags, data_len (u64 each).
    public static let entryHeaderBytes = 32
}

/// `LOG_*_FLAG` of an entry: what the bio carried (dm-log-writes.c log_one_block()).
public struct LogWritesFlags: OptionSet, Sendable, Hashable {
    public let rawValue: UInt64
    public init(rawValue: UInt64) { self.rawValue = rawValue }

    /// `LOG_FLUSH_FLAG`: a REQ_PREFLUSH bio; everything logged before it is durable.
    public static let flush = LogWritesFlags(rawValue: 1 << 0)
    /// `LOG_FUA_FLAG`: REQ_FUA; this entry's data is durable when it completes.
    public static let fua = LogWritesFlags(rawValue: 1 << 1)
    /// `LOG_DISCARD_FLAG`: a discard of `nr_sectors`; no data follows.
    public static let discard = LogWritesFlags(rawValue: 1 << 2)
    /// `LOG_MARK_FLAG`: a `dmsetup message DEV 0 mark NAME`; the name follows the header.
    public static let mark = LogWritesFlags(rawValue: 1 << 3)
    /// `LOG_METADATA_FLAG`: REQ_META.
    public static let metadata = LogWritesFlags(rawValue: 1 << 4)

    /// `FLUSH|FUA|METADATA`, like replay-log's entry_flags_to_str().
    public var text: String {
        let names: [(LogWritesFlags, String)] = [(.flush, "FLUSH"), (.fua, "FUA"), (.discard, "DISCARD"),
                                                (.mark, "MARK"), (.metadata, "METADATA")]
        let known = names.filter { contains($0.0) }.map(\.1)
        let unknown = rawValue & ~0x1f
        let all = known + (unknown != 0 ? ["UNKNOWN.0x" + String(unknown, radix: 16)] : [])
        return all.isEmpty ? "NONE" : all.joined(separator: "|")
    }
}

/// `struct log_write_super`: the log's header.
public struct LogWritesSuper: Sendable, Equatable {
    public var entryCount: UInt64
    /// The logged device's logical block size; entries' `sector` and `nr_sectors` count in it.
    public var sectorBytes: Int
}

/// One `struct log_write_entry` and where its data is in the log file.
public struct LogWritesEntry: Sendable, Equatable {
    /// 0-based position in the log (replay-log's `cur_entry`).
    public var index: Int
    /// Byte offset of the entry's slot in the log file.
    public var offset: Int64
    /// First sector written, in `sectorBytes` units.
    public var sector: UInt64
    public var sectorCount: UInt64
    public var flags: LogWritesFlags
    /// Byte offset of the written data in the log file (0 for marks, flushes and discards).
    public var dataOffset: Int64
    /// The mark's name, for `LOG_MARK_FLAG` entries.
    public var markName: String?

    /// A crash point: after this entry everything before it is durable (a flush) or it is
    /// durable itself (FUA).
    public var isCrashPoint: Bool { flags.contains(.flush) || flags.contains(.fua) }
}
