/// ext4's journal handle types (`EXT4_HT_*` in fs/ext4/ext4_jbd2.h), as `type` in
/// `jbd2_handle_start` / `jbd2_handle_stats` and `ext4_journal_start_*`.
public enum HandleType {
    static let names = ["MISC", "INODE", "WRITE_PAGE", "MAP_BLOCKS", "DIR", "TRUNCATE", "QUOTA",
                        "RESIZE", "MIGRATE", "MOVE_EXTENTS", "XATTR", "EXT_CONVERT"]

    /// `3` → `"MAP_BLOCKS"`; unknown types print as their number.
    public static func name(_ type: Int) -> String {
        type >= 0 && type < names.count ? names[type] : "type \(type)"
    }

    /// `EXT4_HT_EXT_CONVERT`: the reserved handle that converts unwritten extents at I/O end.
    public static let extConvert = 11
}
