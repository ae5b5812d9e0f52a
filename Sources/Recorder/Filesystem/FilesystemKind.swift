/// The filesystems `record` can make: ext4 (the series under review) and XFS (the reference
/// iomap user).
public enum FilesystemKind: String, Sendable, CaseIterable {
    case ext4
    case xfs

    /// `mkfs.ext4 -q -F` / `mkfs.xfs -q -f`: quiet, and no question about an existing filesystem.
    func mkfsCommand(options: [String], image: String) -> [String] {
        switch self {
        case .ext4: return ["mkfs.ext4", "-q", "-F"] + options + [image]
        case .xfs: return ["mkfs.xfs", "-q", "-f"] + options + [image]
        }
    }

    /// `dumpe2fs -h` / `xfs_db -r -c sb -c p`: the superblock, for geometry.txt.
    func geometryCommand(image: String) -> [String] {
        switch self {
        case .ext4: return ["dumpe2fs", "-h", image]
        case .xfs: return ["xfs_db", "-r", "-c", "sb", "-c", "p", image]
        }
    }

    /// Tools this filesystem needs, checked before anything is created.
    var requiredTools: [String] {
        switch self {
        case .ext4: return ["mkfs.ext4", "dumpe2fs", "debugfs", "losetup", "mount", "umount"]
        case .xfs: return ["mkfs.xfs", "xfs_db", "losetup", "mount", "umount"]
        }
    }
}
