import TraceParser

/// A capture directory `record` wrote (meta.json, geometry.txt, extents.txt and a trace), with
/// what its meta.json says about the kernel, the filesystem and the workload.
public struct KernelCapture: Sendable, Equatable {
    public var directory: String
    public var kernel: String
    public var mkfsOptions: String
    public var mountOptions: String
    public var workload: String

    /// Whether ext4 ran the series' iomap path (`buffered_iomap` among the mount options).
    public var isIomapPath: Bool { Self.options(mountOptions).contains("buffered_iomap") }

    /// What makes two captures a pair: the same workload, mkfs and mount options apart from
    /// `buffered_iomap`.
    public var pairKey: String {
        let mount = Self.options(mountOptions).filter { $0 != "buffered_iomap" && $0 != "nobuffered_iomap" }
        return workload + "|" + mkfsOptions + "|" + mount.joined(separator: ",")
    }

    /// The capture's name: its directory; `record`'s `cap` is named by its parent, a pair's
    /// `bh`/`iomap` with it (`seq-write-4k/iomap`).
    public var name: String {
        let parts = directory.split(separator: "/")
        guard let last = parts.last, parts.count > 1 else { return directory }
        let parent = String(parts[parts.count - 2])
        switch last {
        case "cap": return parent
        case "bh", "iomap": return parent + "/" + last
        default: return String(last)
        }
    }

    static func options(_ text: String) -> [String] { text.split(separator: ",").map(String.init) }

    /// Reads `dir/meta.json`; nil unless the directory holds a complete ext4 capture.
    public static func load(_ dir: String) -> KernelCapture? {
        let capture = CaptureDirectory(dir)
        guard CaptureDirectory.exists(capture.extentsPath), CaptureDirectory.exists(capture.geometryPath),
              capture.traceFile != nil,
              let meta = capture.meta, meta.filesystem == "ext4" else { return nil }
        return KernelCapture(directory: capture.prefix, kernel: meta.kernel ?? "",
                             mkfsOptions: meta.mkfsOptions ?? "",
                             mountOptions: meta.mountOptions ?? "",
                             workload: meta.workload ?? "")
    }

    /// Every capture under `root` (the directory itself, its children and grandchildren) whose
    /// kernel release starts with `kernelPrefix`, sorted by directory.
    public static func find(under root: String, kernelPrefix: String) -> [KernelCapture] {
        var out: [KernelCapture] = []
        func visit(_ dir: String, depth: Int) {
            if let c = load(dir) {
                if c.kernel.hasPrefix(kernelPrefix) { out.append(c) }
                return
            }
            guard depth < 3 else { return }
            for entry in (try? FormatDirectory.entries(dir)) ?? [] where FormatDirectory.isDirectory(dir + "/" + entry) {
                visit(dir + "/" + entry, depth: depth + 1)
            }
        }
        visit(root.hasSuffix("/") ? String(root.dropLast()) : root, depth: 0)
        return out.sorted { $0.directory < $1.directory }
    }

    /// Pairs buffer_head and iomap captures of the same workload.
    public static func pairs(_ captures: [KernelCapture]) -> [(bufferHead: KernelCapture, iomap: KernelCapture)] {
        let bh = Dictionary(captures.filter { !$0.isIomapPath }.map { ($0.pairKey, $0) }, uniquingKeysWith: { a, _ in a })
        return captures.filter(\.isIomapPath).compactMap { i in bh[i.pairKey].map { ($0, i) } }
    }
}
