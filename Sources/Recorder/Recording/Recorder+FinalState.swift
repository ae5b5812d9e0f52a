#if canImport(Glibc)
import Glibc
#endif
import TraceParser

/// A regular file on the traced filesystem: its path below the mount and inode number.
struct TracedFile {
    var relativePath: String
    var inode: UInt64
    var sizeBytes: Int64
    var blocks512: Int64
}

extension Recorder {
    /// Every regular file below the mount point, in path order (lost+found skipped).
    func regularFiles(under root: String, relative: String = "") -> [TracedFile] {
        var out: [TracedFile] = []
        for name in listDirectory(relative.isEmpty ? root : root + "/" + relative) {
            let rel = relative.isEmpty ? name : relative + "/" + name
            if rel == "lost+found" { continue }
            var st = stat()
            guard lstat(root + "/" + rel, &st) == 0 else { continue }
            switch st.st_mode & S_IFMT {
            case S_IFREG: out.append(TracedFile(relativePath: rel, inode: UInt64(st.st_ino),
                                                sizeBytes: Int64(st.st_size), blocks512: Int64(st.st_blocks)))
            case S_IFDIR: out += regularFiles(under: root, relative: rel)
            default: break
            }
        }
        return out
    }

    /// `filefrag -v` of each file (FIEMAP: logical and physical extents, before unmount), the
    /// mount point written as `MNT` as in the corpus, then `ino N size S blocks B`:
    ///
    ///     == a
    ///     Filesystem type is: ef53
    ///     File size of MNT/a is 39936 (10 blocks of 4096 bytes)
    ///     ...
    ///     ino 12 size 39936 blocks 80
    func filefragReport(_ files: [TracedFile], mountPoint: String) -> String {
        var out = ""
        for f in files {
            out += "== \(f.relativePath)\n"
            if let r = try? Subprocess.run(["filefrag", "-v", mountPoint + "/" + f.relativePath]) {
                out += r.stdoutText.replacing(mountPoint + "/", with: "MNT/")
            }
            out += "ino \(f.inode) size \(f.sizeBytes) blocks \(f.blocks512)\n"
        }
        return out
    }

    /// `debugfs -R "ex <ino>"` of each file on the unmounted device: the on-disk extent tree,
    /// the ground truth for final mappings.
    ///
    ///     == inode 12
    ///     Level Entries       Logical        Physical Length Flags
    ///      0/ 0   1/  2     0 -     0  33280 -  33280      1
    func extentsReport(_ files: [TracedFile], device: String, scratch: String) -> String {
        var out = ""
        for f in files.sorted(by: { $0.inode < $1.inode }) {
            out += "== inode \(f.inode)\n"
            do {
                let r = try Subprocess.run(["debugfs", "-R", "ex <\(f.inode)>", device], scratchDirectory: scratch)
                out += r.stdoutText
                if r.status != 0 { summary.warnings.append("debugfs ex <\(f.inode)> exited \(r.status)") }
            } catch {
                summary.warnings.append("debugfs ex <\(f.inode)>: \(error)")
            }
        }
        return out
    }

    /// meta.json: the kernel, filesystem, options, device and when.
    ///
    ///     {"kernel": "6.18.44", "fs": "ext4", "mkfs_opts": "", "mount_opts": "", "device": "7:1",
    ///      "dev_t": 7340033, ...}
    func metaJSON(events: [TracedEvent]) -> String {
        var w = JSONWriter()
        w.objectStart()
        w.key("kernel"); w.string(kernelRelease())
        w.key("fs"); w.string(options.filesystem.rawValue)
        w.key("mkfs_opts"); w.string(options.mkfsOptions.joined(separator: " "))
        w.key("mount_opts"); w.string(options.mountOptions)
        w.key("image_bytes"); w.int(options.imageBytes)
        w.key("device"); w.string(summary.device.text)
        w.key("dev_t"); w.int(summary.device.kernelDevT)
        w.key("time"); w.string(utcTimestamp())
        w.key("workload"); w.string(options.workload.description)
        w.key("workload_status"); w.int(summary.workloadStatus)
        w.key("events_enabled"); w.int(events.count)
        w.key("buffer_kb"); w.int(options.bufferKB)
        w.key("lost_events"); w.int(summary.lostEvents)
        w.key("trace_dat"); w.string(options.fileVersion == .v6 ? "v6" : options.fileVersion == .v7(compressed: true) ? "v7 zstd" : "v7")
        w.key("recorder"); w.string(options.toolVersion)
        w.objectEnd()
        return String(decoding: w.bytes, as: UTF8.self) + "\n"
    }
}

/// Now as `2026-11-25T12:34:56Z`.
func utcTimestamp() -> String {
    var now = time(nil)
    var tm = tm()
    gmtime_r(&now, &tm)
    var buffer = [CChar](repeating: 0, count: 32)
    let n = strftime(&buffer, buffer.count, "%Y-%m-%dT%H:%M:%SZ", &tm)
    return String(decoding: buffer.prefix(n).map { UInt8(bitPattern: $0) }, as: UTF8.self)
}
