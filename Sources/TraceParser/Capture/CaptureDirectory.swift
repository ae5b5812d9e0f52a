#if canImport(Glibc)
import Glibc
#endif

/// A capture directory as `ext4trace record` writes it, and every reader finds it:
///
///     cap/trace.dat        the trace (the corpus keeps trace.txt.zst; record also writes trace.txt)
///     cap/formats/         the recording kernel's SYSTEM/EVENT/format files
///     cap/geometry.txt     `dumpe2fs -h` (ext4) or `xfs_db sb` (XFS) output
///     cap/meta.json        kernel, filesystem, options, device (`CaptureMeta`)
///     cap/extents.txt      debugfs `ex` of each file after unmount (ext4)
///     cap/filefrag.txt     `filefrag -v` of each file before unmount
///     cap/workload.txt     the corpus's description of the workload
///
/// Only paths: nothing is read until asked, and a missing file is not an error here.
public struct CaptureDirectory: Sendable, Equatable {
    /// The file names inside a capture directory, for writers and readers alike.
    public enum FileName {
        public static let traceDat = "trace.dat"
        public static let traceText = "trace.txt"
        public static let traceTextZstd = "trace.txt.zst"
        public static let formats = "formats"
        public static let geometry = "geometry.txt"
        public static let meta = "meta.json"
        public static let extents = "extents.txt"
        public static let filefrag = "filefrag.txt"
        public static let workload = "workload.txt"
    }

    /// The directory with a trailing `/`, or `""` for the working directory (a trace path
    /// without a directory), so that `prefix + name` is a file's path.
    public let prefix: String

    /// The capture directory `directory` (with or without a trailing `/`).
    public init(_ directory: String) {
        prefix = directory.isEmpty || directory.hasSuffix("/") ? directory : directory + "/"
    }

    /// The directory holding the trace file at `tracePath` (`cap/trace.dat` → `cap/`;
    /// `trace.dat` → the working directory).
    public init(tracePath: String) {
        if let slash = tracePath.lastIndex(of: "/") {
            prefix = String(tracePath[...slash])
        } else {
            prefix = ""
        }
    }

    /// The path of `name` inside the directory.
    public func file(_ name: String) -> String { prefix + name }

    public var geometryPath: String { file(FileName.geometry) }
    public var metaPath: String { file(FileName.meta) }
    public var extentsPath: String { file(FileName.extents) }
    public var filefragPath: String { file(FileName.filefrag) }
    public var workloadPath: String { file(FileName.workload) }
    public var formatsPath: String { file(FileName.formats) }

    /// The capture's trace: the corpus's `trace.txt.zst`, else `record`'s `trace.dat` (7.3's
    /// text lines carry lazy-preemption flags), else `trace.txt`; nil when there is none.
    public var traceFile: String? {
        for name in [FileName.traceTextZstd, FileName.traceDat, FileName.traceText] where Self.exists(file(name)) {
            return file(name)
        }
        return nil
    }

    /// `meta.json`, parsed; nil when it is missing or unreadable.
    public var meta: CaptureMeta? {
        Self.readText(metaPath).map(CaptureMeta.init(json:))
    }

    /// `geometry.txt`'s text; nil when it is missing or unreadable.
    public var geometryText: String? { Self.readText(geometryPath) }

    /// Whether a file (or directory) exists at `path`.
    public static func exists(_ path: String) -> Bool { access(path, F_OK) == 0 }

    /// A small text file's contents (at most 16 MiB), or nil when it cannot be read.
    public static func readText(_ path: String) -> String? {
        guard let f = fopen(path, "r") else { return nil }
        defer { fclose(f) }
        var bytes: [UInt8] = []
        var buf = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = fread(&buf, 1, buf.count, f)
            if n <= 0 { break }
            bytes += buf[0..<n]
            if bytes.count > 16 << 20 { return nil }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
