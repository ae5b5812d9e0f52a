#if canImport(Glibc)
import Glibc
#endif

/// The tracefs mount, found at /sys/kernel/tracing or mounted there for the recording.
///
/// Files in tracefs report size 0, so they are read until end of file; a write is one
/// `write(2)` whose errno is what the kernel says about the value (`EINVAL` for a bad filter).
public struct Tracefs: Sendable {
    public static let defaultRoot = "/sys/kernel/tracing"

    public let root: String
    /// Whether ext4trace mounted it (and so unmounts it afterwards, leaving tracing as found).
    public let mountedHere: Bool

    /// Finds tracefs, mounting it when /sys/kernel/tracing is an empty mount point.
    public static func locate(root: String = defaultRoot) throws -> Tracefs {
        if access(root + "/instances", F_OK) == 0 { return Tracefs(root: root, mountedHere: false) }
        guard access(root, F_OK) == 0 else {
            throw RecorderError(.noTracefs, root, "no tracefs here (kernel without CONFIG_TRACING?)")
        }
        if mount("nodev", root, "tracefs", 0, nil) != 0 {
            throw RecorderError(.noTracefs, root, "cannot mount tracefs: \(errnoText())")
        }
        guard access(root + "/instances", F_OK) == 0 else {
            umount(root)
            throw RecorderError(.noTracefs, root, "tracefs mounted but has no instances/ directory")
        }
        return Tracefs(root: root, mountedHere: true)
    }

    /// Unmounts tracefs if this recording mounted it.
    public func release() {
        if mountedHere { umount(root) }
    }

    public func path(_ relative: String) -> String { root + "/" + relative }

    public func read(_ relative: String) throws -> [UInt8] { try readWholeFile(path(relative)) }

    public func readText(_ relative: String) throws -> String {
        String(decoding: try read(relative), as: UTF8.self)
    }

    public func write(_ relative: String, _ text: String) throws { try writeWholeFile(path(relative), text) }

    /// The names in a tracefs directory (`events/ext4` → event names), sorted.
    public func list(_ relative: String) -> [String] { listDirectory(path(relative)) }
}

/// Reads a file to its end (tracefs and procfs files report size 0).
func readWholeFile(_ path: String) throws -> [UInt8] {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    if fd < 0 { throw RecorderError(.io, path, "cannot open: \(errnoText())") }
    defer { close(fd) }
    var out: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 1 << 16)
    while true {
        let n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress!, $0.count) }
        if n < 0 {
            if errno == EINTR { continue }
            throw RecorderError(.io, path, "read failed: \(errnoText())")
        }
        if n == 0 { return out }
        out += buffer[0..<n]
    }
}

/// Writes `text` in one `write(2)`, as tracefs control files expect.
func writeWholeFile(_ path: String, _ text: String) throws {
    let fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC)
    if fd < 0 { throw RecorderError(.io, path, "cannot open for writing: \(errnoText())") }
    defer { close(fd) }
    let bytes = Array(text.utf8)
    let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress!, $0.count) }
    if n != bytes.count { throw RecorderError(.io, path, "writing \"\(text)\" failed: \(errnoText())") }
}

/// The entries of a directory other than `.` and `..`, sorted; empty when it cannot be read.
func listDirectory(_ path: String) -> [String] {
    guard let dir = opendir(path) else { return [] }
    defer { closedir(dir) }
    var names: [String] = []
    while let entry = readdir(dir) {
        let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
        if name != "." && name != ".." { names.append(name) }
    }
    return names.sorted()
}

extension Tracefs {
    public func exists(_ relative: String) -> Bool { access(path(relative), F_OK) == 0 }
}
