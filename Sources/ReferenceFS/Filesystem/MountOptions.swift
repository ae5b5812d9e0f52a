/// The mount options that change what ext4 does on the buffered I/O path.
public struct MountOptions: Sendable, Equatable {
    public enum DataMode: String, Sendable { case ordered, writeback, journal }
    public var data: DataMode = .ordered
    public var delalloc = true
    /// `dioread_nolock` (the default since 5.6): buffered writeback allocates unwritten extents.
    public var dioreadNolock = true
    /// `commit=` in seconds.
    public var commitIntervalSeconds: UInt64 = 5
    /// `buffered_iomap` / `nobuffered_iomap` (the ext4 iomap series); nil when not given.
    public var bufferedIomap: Bool? = nil

    public init() {}

    /// Parses a comma-separated option string as `mount -o` takes it (`data=journal,nodelalloc`).
    /// Options the model does not need are accepted and ignored.
    public static func parse(_ text: String, file: String = "mount options") throws(ModelError) -> MountOptions {
        var o = MountOptions()
        for raw in text.split(separator: ",") {
            let opt = raw.trimmingSpaces()
            switch opt {
            case "": continue
            case "data=ordered": o.data = .ordered
            case "data=writeback": o.data = .writeback
            case "data=journal": o.data = .journal
            case "delalloc": o.delalloc = true
            case "nodelalloc": o.delalloc = false
            case "dioread_nolock": o.dioreadNolock = true
            case "dioread_lock", "nodioread_nolock": o.dioreadNolock = false
            case "buffered_iomap": o.bufferedIomap = true
            case "nobuffered_iomap": o.bufferedIomap = false
            default:
                if opt.hasPrefix("commit=") {
                    guard let s = UInt64(opt.dropFirst(7)) else {
                        throw ModelError(.mountOptions, file: file, "commit= takes seconds: \(opt)")
                    }
                    o.commitIntervalSeconds = s == 0 ? 5 : s
                } else if opt.hasPrefix("data=") {
                    throw ModelError(.mountOptions, file: file, "unknown data mode: \(opt)")
                }
            }
        }
        return o
    }

    /// `ext4_should_dioread_nolock`: not with data=journal, not without delalloc.
    public var usesUnwrittenWriteback: Bool { dioreadNolock && delalloc && data != .journal }
    /// Delayed allocation is off under data=journal (`ext4_should_journal_data` disables it).
    public var usesDelalloc: Bool { delalloc && data != .journal }
}
