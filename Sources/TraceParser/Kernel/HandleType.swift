/// The handle types ext4 passes to `ext4_journal_start` (`EXT4_HT_*` in fs/ext4/ext4_jbd2.h),
/// printed as `type` by `ext4_journal_start_*`, `jbd2_handle_start` and `jbd2_handle_stats`.
/// The raw value is the kernel's number.
public enum HandleType: Int, Sendable, CaseIterable, Comparable {
    case misc = 0
    case inode = 1
    case writePage = 2
    case mapBlocks = 3
    case dir = 4
    case truncate = 5
    case quota = 6
    case resize = 7
    case migrate = 8
    case moveExtents = 9
    case xattr = 10
    /// The reserved handle that converts unwritten extents at I/O end.
    case extConvert = 11

    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }

    /// The kernel's name without `EXT4_HT_`: `.mapBlocks` → `"MAP_BLOCKS"`.
    public var name: String {
        switch self {
        case .misc: "MISC"
        case .inode: "INODE"
        case .writePage: "WRITE_PAGE"
        case .mapBlocks: "MAP_BLOCKS"
        case .dir: "DIR"
        case .truncate: "TRUNCATE"
        case .quota: "QUOTA"
        case .resize: "RESIZE"
        case .migrate: "MIGRATE"
        case .moveExtents: "MOVE_EXTENTS"
        case .xattr: "XATTR"
        case .extConvert: "EXT_CONVERT"
        }
    }

    /// The name of a traced `type` number: `3` → `"MAP_BLOCKS"`; unknown types print as
    /// `"type 12"`.
    public static func name(_ type: Int) -> String {
        HandleType(rawValue: type)?.name ?? "type \(type)"
    }
}
