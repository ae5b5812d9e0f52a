/// One tracepoint hit a model predicts, ready to print as the kernel prints it.
///
///     ext4_iomap_buffered_write_begin: dev 7:1 ino 12 m_lblk 0 m_len 1 m_flags 0x100 m_seq 1 orig_off 0x0 orig_len 0x400 iomap_flags 0x1
public struct PredictedEvent: Sendable, Equatable {
    public var context: OperationContext
    public var name: String
    /// The text after `name: `, in the event's print format.
    public var body: String

    public init(_ context: OperationContext, _ name: String, _ body: String) {
        self.context = context
        self.name = name
        self.body = body
    }
}

extension PredictedEvent {
    static func hex(_ v: UInt64) -> String { "0x" + String(v, radix: 16) }

    /// `show_mflags()` of this kernel: N (bit 5), M (4), U (11), B (9), then leftover bits in hex
    /// the way `trace_print_flags_seq` prints them (`EXT4_MAP_DELAYED` shows as `0x100`).
    static func mflags(_ flags: UInt32) -> String {
        var out = ""
        var rest = flags
        for (bit, letter) in [(UInt32(1) << 5, "N"), (1 << 4, "M"), (1 << 11, "U"), (1 << 9, "B")] where rest & bit != 0 {
            out += letter
            rest &= ~bit
        }
        if rest != 0 { out += hex(UInt64(rest)) }
        return out
    }

    /// An event of the series' `ext4_set_iomap_class` (patch "add block mapping tracepoints for
    /// iomap buffered I/O path").
    static func setIomap(_ name: String, _ key: InodeKey, lblk: UInt32, len: UInt32, mflags flags: UInt32,
                         seq: UInt64, offset: UInt64, length: UInt64, iomapFlags: UInt32,
                         _ context: OperationContext) -> PredictedEvent {
        PredictedEvent(context, name, "dev \(key.dev) ino \(key.ino) m_lblk \(lblk) m_len \(len) m_flags \(mflags(flags)) m_seq \(seq) orig_off \(hex(offset)) orig_len \(hex(length)) iomap_flags \(hex(UInt64(iomapFlags)))")
    }

    /// ext4 prints devices as `7,1`.
    static func ext4Dev(_ dev: String) -> String {
        String(dev.map { $0 == ":" ? "," : $0 })
    }
}

/// `ext4_map_blocks` result flags (`EXT4_MAP_*`, fs/ext4/ext4.h: buffer_head state bits).
public enum MapFlags {
    public static let new: UInt32 = 1 << 5
    public static let mapped: UInt32 = 1 << 4
    public static let unwritten: UInt32 = 1 << 11
    public static let delayed: UInt32 = 1 << 8
}
