import ArgumentParser
import Recorder
import ReferenceFS
import TraceParser

/// The filesystem a model starts from, shared by `replay`, `model` and `diff`: its geometry
/// (`dumpe2fs -h`) and its mount options.
struct ModelFilesystemOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "The filesystem's geometry: `dumpe2fs -h` output, or an ext4 block device or image to read it from. Default: geometry.txt beside the trace; without one, the layout mkfs.ext4 gives for the size and block size the trace shows (physical block numbers are then approximate).",
        valueName: "file|device"))
    var geometry: String?

    @Option(name: .long, help: ArgumentHelp(
        "Without a geometry: the filesystem's size for the mkfs.ext4 layout (e.g. 512M, 2G) instead of the size inferred from where jbd2 writes.",
        valueName: "size"))
    var fsSize: String?

    @Option(name: .long, help: ArgumentHelp(
        "Mount options, e.g. \"data=journal,nodelalloc\" (default: meta.json's mount_opts beside the trace).",
        valueName: "options"))
    var mountOptions: String?

    func validate() throws {
        if let fsSize, (ByteSize.parse(fsSize) ?? 0) <= 0 {
            throw ValidationError("--fs-size takes a size such as 512M or 2G (got \(fsSize))")
        }
        if geometry != nil && fsSize != nil {
            throw ValidationError("--fs-size applies only without --geometry (give one of them)")
        }
    }

    var source: ModelFilesystemSource {
        ModelFilesystemSource(geometry: geometry, fsSize: fsSize, mountOptions: mountOptions)
    }

    /// The model's starting filesystem for the capture at `traceFile`.
    func filesystem(traceFile: String, readOptions: TraceReadOptions) throws -> Filesystem {
        try source.filesystem(traceFile: traceFile, readOptions: readOptions)
    }
}

/// Where a model's starting filesystem comes from: the values of `ModelFilesystemOptions`.
struct ModelFilesystemSource: Sendable {
    var geometry: String?
    var fsSize: String?
    var mountOptions: String?

    /// The model's starting filesystem for the capture at `traceFile`.
    func filesystem(traceFile: String, readOptions: TraceReadOptions) throws -> Filesystem {
        let meta = CaptureDirectory(tracePath: traceFile).meta
        let optionsText = mountOptions ?? meta?.mountOptions ?? ""
        let (text, name) = try geometryText(traceFile: traceFile, meta: meta, readOptions: readOptions)
        var fs: Filesystem
        do {
            fs = Filesystem(geometry: try Geometry.parse(dumpe2fs: text, file: name),
                            options: try MountOptions.parse(optionsText))
        } catch {
            throw CommandFailure(String(describing: error))
        }
        // The kernel the capture was taken on, where ext4 differs between releases.
        if let release = meta?.kernel, let kernel = KernelRelease.parse(release) { fs.kernel = kernel }
        return fs
    }

    /// The `dumpe2fs -h` text and the name to cite it by: `--geometry` (a text file, or an ext4
    /// device or image), geometry.txt beside the trace, or the mkfs.ext4 layout for what the
    /// trace shows, with one warning line.
    private func geometryText(traceFile: String, meta: CaptureMeta?, readOptions: TraceReadOptions) throws -> (String, String) {
        do {
            if let geometry {
                if Ext4Superblock.isPresent(at: geometry) {
                    return (String(decoding: try Ext4Superblock.dump(geometry), as: UTF8.self), "dumpe2fs -h \(geometry)")
                }
                guard let text = CaptureDirectory.readText(geometry) else {
                    throw CommandFailure("\(geometry): cannot read the filesystem geometry (give dumpe2fs -h output, or an ext4 device or image)")
                }
                return (text, geometry)
            }
            let beside = CaptureDirectory(tracePath: traceFile).geometryPath
            if let text = CaptureDirectory.readText(beside) { return (text, beside) }
            return try freshLayout(traceFile: traceFile, meta: meta, readOptions: readOptions)
        } catch let e as RecorderError {
            throw CommandFailure(e.description)
        }
    }

    /// The layout mkfs.ext4 gives for the block size and size the trace shows (`GeometryHint`),
    /// or `--fs-size`; meta.json's `mkfs_opts` when there is one.
    private func freshLayout(traceFile: String, meta: CaptureMeta?, readOptions: TraceReadOptions) throws -> (String, String) {
        var options = readOptions
        options.decodeFieldsOf = { GeometryHint.reads(system: $0, name: $1) }
        let source: any TraceEventSource
        do { source = try TraceFile.open(traceFile, options: options) } catch { throw CommandFailure(error.description) }
        var hint = GeometryHint()
        do { while let e = try source.next() { hint.observe(e) } } catch { throw CommandFailure(error.description) }

        var mkfsOptions = (meta?.mkfsOptions ?? "")
            .split(separator: " ").map(String.init)
        let givenBlockSize = mkfsValue("-b", in: mkfsOptions).flatMap { Int($0) }
        let blockSize = givenBlockSize ?? hint.blockSize ?? 4096
        let clusterRatio = (mkfsValue("-C", in: mkfsOptions).flatMap { Int($0) } ?? blockSize) / blockSize
        if givenBlockSize == nil { mkfsOptions += ["-b", String(blockSize)] }
        let inferred = hint.sizeInBytes(blockSize: blockSize, clusterRatio: max(1, clusterRatio))
        let size = fsSize.flatMap(ByteSize.parse) ?? inferred.map(Int64.init) ?? 512 << 20

        let sizeWhy = fsSize != nil ? "--fs-size" : inferred != nil ? "inferred from where jbd2 writes" : "no jbd2 writes to infer it from"
        let blockWhy = givenBlockSize != nil ? "meta.json" : hint.blockSize != nil ? "inferred" : "assumed"
        Console.stderrLine("ext4trace: warning: no geometry.txt beside \(traceFile): using the layout mkfs.ext4 gives \(Self.sizeText(size)) (\(sizeWhy)) with \(blockSize)-byte blocks (\(blockWhy)); physical block numbers are approximate (credits too, if the size is wrong); logical layout, handles and blocks logged are not affected")
        let text = String(decoding: try Ext4Superblock.freshLayout(sizeBytes: size, mkfsOptions: mkfsOptions), as: UTF8.self)
        return (text, "mkfs.ext4 layout of \(Self.sizeText(size))")
    }

    /// The value after `flag` in mkfs options (`-b 1024` or `-b1024`).
    private func mkfsValue(_ flag: String, in options: some Collection<String>) -> String? {
        var it = options.makeIterator()
        while let o = it.next() {
            if o == flag { return it.next() }
            if o.hasPrefix(flag), o.count > flag.count { return String(o.dropFirst(flag.count)) }
        }
        return nil
    }

    static func sizeText(_ bytes: Int64) -> String {
        bytes % (1 << 30) == 0 ? "\(bytes >> 30) GiB" : bytes % (1 << 20) == 0 ? "\(bytes >> 20) MiB" : "\(bytes) bytes"
    }
}
