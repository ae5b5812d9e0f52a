#if canImport(Glibc)
import Glibc
#endif

/// The filesystem a crash point leaves, recovered in userspace and read with e2fsprogs: what a
/// mount after the power cut would show, without a VM.
///
/// `e2fsck -fy` replays the journal (e2fsck/journal.c, recovery.c: the same do_one_pass() as
/// jbd2's) and processes the orphan list, as ext4_fill_super() → ext4_orphan_cleanup() would;
/// then `debugfs` lists the root directory (`ls -p /`) and dumps every file (`dump`: holes and
/// unwritten extents read as zeros, like read(2)).
public struct RecoveredFilesystem: Sendable {
    public struct File: Sendable, Equatable {
        public var name: String
        public var inode: UInt64
        public var size: UInt64
        public var contents: [UInt8]
        /// Leaf extents of the recovered tree (`debugfs ex`).
        public var extents: [Extent] = []
    }

    /// One leaf extent, in filesystem blocks.
    public struct Extent: Sendable, Equatable {
        public var logical: UInt64
        public var physical: UInt64
        public var length: UInt64
        /// EXT_INIT_MAX_LEN-flagged: unwritten (reads as zeros).
        public var unwritten: Bool
    }

    /// e2fsck's exit status: 0 clean, 1 errors corrected (journal replayed counts), 4+ left errors.
    public var fsckStatus: Int32
    /// e2fsck's last lines when it exited 4 or more.
    public var fsckProblem: String?
    public var files: [File]
    /// The filesystem's block size (`debugfs stats`), 4096 when it could not be read.
    public var blockBytes: UInt64 = 4096

    /// Recovers a copy of `image` in `scratch` (the image itself is left alone) and reads it.
    public static func recover(image: String, scratch: String) throws -> RecoveredFilesystem {
        let copy = scratch + "/point.img"
        try copyFile(image, to: copy)
        let fsck = try Subprocess.run(["e2fsck", "-fy", copy], scratchDirectory: scratch)
        var problem: String?
        if fsck.status >= 4 {
            problem = (fsck.stdoutText + fsck.stderr).split(separator: "\n").suffix(3).joined(separator: " | ")
            if fsck.status >= 8 {
                return RecoveredFilesystem(fsckStatus: fsck.status, fsckProblem: problem, files: [])
            }
        }
        let listing = try Subprocess.run(["debugfs", "-R", "ls -p /", copy], scratchDirectory: scratch)
        var files: [File] = []
        let entries = parseListing(listing.stdoutText)
        if !entries.isEmpty {
            var commands = "stats\n"
            for e in entries { commands += "ex /\(e.name)\ndump -p /\(e.name) \(scratch)/dump-\(e.inode)\n" }
            let script = scratch + "/dump.cmds"
            try writeText(commands, to: script)
            let output = try Subprocess.run(["debugfs", "-f", script, copy], scratchDirectory: scratch)
            unlink(script)
            let sections = commandSections(output.stdoutText)
            for e in entries {
                let path = "\(scratch)/dump-\(e.inode)"
                let bytes = (try? readWholeFile(path)) ?? []
                unlink(path)
                files.append(File(name: e.name, inode: e.inode, size: e.size, contents: bytes,
                                  extents: parseExtents(sections["ex /\(e.name)"] ?? [])))
            }
            var fs = RecoveredFilesystem(fsckStatus: fsck.status, fsckProblem: problem, files: files)
            for line in sections["stats"] ?? [] where line.hasPrefix("Block size:") {
                fs.blockBytes = UInt64(line.dropFirst("Block size:".count).trimmingCharacters(in: " ")) ?? 4096
            }
            unlink(copy)
            return fs
        }
        unlink(copy)
        return RecoveredFilesystem(fsckStatus: fsck.status, fsckProblem: problem, files: files)
    }

    /// Regular files of `debugfs -R "ls -p /"`, whose lines read
    /// `/12/100644/0/0/f1/8388608/` (inode, mode, uid, gid, name, size).
    static func parseListing(_ text: String) -> [(name: String, inode: UInt64, size: UInt64)] {
        var out: [(String, UInt64, UInt64)] = []
        for line in text.split(separator: "\n") {
            let f = line.split(separator: "/", omittingEmptySubsequences: false)
            guard f.count >= 7, let inode = UInt64(f[1]), f[2].hasPrefix("100"), let size = UInt64(f[6]) else { continue }
            out.append((String(f[5]), inode, size))
        }
        return out
    }

    /// `debugfs -f` output split by the `debugfs: COMMAND` line it echoes before each command.
    static func commandSections(_ text: String) -> [String: [Substring]] {
        var out: [String: [Substring]] = [:]
        var current: String?
        for line in text.split(separator: "\n") {
            if line.hasPrefix("debugfs: ") { current = String(line.dropFirst("debugfs: ".count)); continue }
            if let current { out[current, default: []].append(line) }
        }
        return out
    }

    /// Leaf lines of `debugfs ex`, which read
    /// ` 0/ 0   1/  1     0 -     3  1162 -  1165      4 Uninit` (index lines have one ` - `).
    static func parseExtents(_ lines: [Substring]) -> [Extent] {
        var out: [Extent] = []
        for line in lines {
            let t = line.split(separator: " ")
            let dashes = t.indices.filter { t[$0] == "-" }
            guard dashes.count == 2, let i = dashes.first, let j = dashes.last, j + 2 < t.count,
                  let logical = UInt64(t[i - 1]), let physical = UInt64(t[j - 1]), let length = UInt64(t[j + 2]) else { continue }
            out.append(Extent(logical: logical, physical: physical, length: length, unwritten: t[(j + 3)...].contains("Uninit")))
        }
        return out
    }

    static func copyFile(_ from: String, to: String) throws {
        let input = try CrashLogFile.openForReading(from)
        defer { close(input) }
        let output = try CrashLogFile.create(to, mode: 0o600)
        defer { close(output) }
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        var offset: Int64 = 0
        while true {
            let n = buffer.withUnsafeMutableBytes { read(input, $0.baseAddress!, $0.count) }
            if n < 0 { throw CrashLogError(.io, from, offset: offset, "read failed: \(errnoText())") }
            if n == 0 { return }
            let w = buffer.withUnsafeBytes { write(output, $0.baseAddress!, n) }
            if w != n { throw CrashLogError(.io, to, offset: offset, "write failed: \(errnoText())") }
            offset += Int64(n)
        }
    }

    static func writeText(_ text: String, to path: String) throws {
        var file = try OutputFile(creating: path)
        try file.write(Array(text.utf8))
    }
}
