#if canImport(Glibc)
import Glibc
#endif

/// A kernel to boot for `record --kernel`: an x86 bzImage, recognised by the setup header's
/// magic `HdrS` at offset 0x202 (Documentation/arch/x86/boot.rst, "The real-mode kernel header").
public struct KernelImage: Sendable {
    /// The image's path, resolved (`realpath`), as meta.json records it.
    public let path: String

    /// Offset and value of the boot protocol's `header` field.
    static let magicOffset = 0x202
    static let magic: [UInt8] = Array("HdrS".utf8)

    /// Checks that `path` is a readable bzImage; the error names the path and what is wrong.
    public init(checking path: String) throws {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw RecorderError(.usage, path, errno == ENOENT ? "no such kernel image" : "cannot read the kernel image: \(errnoText())")
        }
        defer { close(fd) }
        var header = [UInt8](repeating: 0, count: Self.magic.count)
        let n = header.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, off_t(Self.magicOffset)) }
        guard n == Self.magic.count, header == Self.magic else {
            throw RecorderError(.usage, path, "not a bzImage kernel (no \"HdrS\" boot header at offset 0x202)")
        }
        var resolved = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        self.path = realpath(path, &resolved) != nil
            ? String(decoding: resolved.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
            : path
    }

    /// An image taken as it is, unchecked (tests of the command line).
    init(unchecked path: String) { self.path = path }

    /// The image's SHA-256 in hex, from coreutils' `sha256sum`.
    public func sha256() throws -> String {
        let r = try Subprocess.check(["sha256sum", path])
        guard let hash = r.stdoutText.split(separator: " ").first, hash.count == 64 else {
            throw RecorderError(.command, "sha256sum \(path)", "unexpected output: \(r.stdoutText.prefix(80))")
        }
        return String(hash)
    }
}
