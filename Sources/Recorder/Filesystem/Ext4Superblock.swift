#if canImport(Glibc)
import Glibc
#endif

/// The `dumpe2fs -h` text the model starts from, for captures that came without geometry.txt:
/// read from an existing ext4 block device or image, or from a filesystem mkfs.ext4 makes
/// for the purpose in a sparse image.
public enum Ext4Superblock {
    /// Whether `path` holds an ext4 superblock: `s_magic` 0xEF53 at byte 1024 + 56
    /// (`EXT4_SUPER_MAGIC`, read little-endian), on a block device or in an image file.
    public static func isPresent(at path: String) -> Bool {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 { return false }
        defer { close(fd) }
        var magic: [UInt8] = [0, 0]
        let n = magic.withUnsafeMutableBytes { pread(fd, $0.baseAddress, 2, 1080) }
        return n == 2 && magic == [0x53, 0xEF]
    }

    /// `dumpe2fs -h PATH`: the superblock of an existing filesystem (device or image).
    public static func dump(_ path: String) throws -> [UInt8] {
        guard Subprocess.isInstalled("dumpe2fs") else {
            throw RecorderError(.command, "dumpe2fs", "is not installed (Debian: e2fsprogs)")
        }
        return try Subprocess.check(["dumpe2fs", "-h", path]).stdout
    }

    /// The `dumpe2fs -h` of the filesystem `mkfs.ext4 MKFS_OPTIONS` makes on a device of
    /// `sizeBytes`: made in a sparse image in a temporary directory, which is removed again.
    /// It is this machine's mke2fs and mke2fs.conf that decide, as they would for `record`.
    public static func freshLayout(sizeBytes: Int64, mkfsOptions: [String]) throws -> [UInt8] {
        for tool in ["mkfs.ext4", "dumpe2fs"] where !Subprocess.isInstalled(tool) {
            throw RecorderError(.command, tool, "is not installed (Debian: e2fsprogs)")
        }
        let fs = try LoopFilesystem(kind: .ext4, sizeBytes: sizeBytes, mkfsOptions: mkfsOptions, mountOptions: "")
        defer { _ = fs.tearDown() }
        return try fs.geometry()
    }
}
