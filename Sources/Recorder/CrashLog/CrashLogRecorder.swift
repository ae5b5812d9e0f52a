#if canImport(Glibc)
import Glibc
#endif
import TraceParser

/// What `record --crash-log` was asked to do.
public struct CrashLogOptions: Sendable {
    public var outputDirectory: String
    public var workload: CrashWorkload
    public var mkfsOptions: [String] = []
    public var mountOptions: String = ""
    /// The data device (the filesystem's size).
    public var dataBytes: Int64 = 64 << 20
    /// The sparse log device; it must hold every write of mkfs and the workload.
    public var logBytes: Int64 = 512 << 20
    public var toolVersion = "ext4trace"
    /// A block device for the data instead of a loop device (`--crash-device`).
    public var dataDevice: String?
    /// Also trace the run (trace.dat, trace.txt, formats/, geometry.txt beside the log), with
    /// these options' events and buffer size.
    public var trace: RecordOptions?

    public init(outputDirectory: String, workload: CrashWorkload) {
        self.outputDirectory = outputDirectory
        self.workload = workload
    }
}

/// `record --crash-log`: records every block write of mkfs and a crash workload through
/// dm-log-writes, and saves the log beside the capture:
///
/// 1. data image filled with the old pattern, sparse log image, both on loops, `log-writes` target;
/// 2. `mkfs.ext4 -E nodiscard,...` through the target (a discard would replace the old pattern
///    with zeros), mark `mkfs`, mount;
/// 3. the workload, marking the log after each fsync returns; `sync`, unmount, mark `end`;
/// 4. the target removed (its super block now counts every entry), the used part of the log
///    saved as `log-writes.zst`, and `meta.json` (kernel, options, sizes, workload; `record --kernel` adds the image);
/// 5. always: unmounted, target removed, loops detached, images deleted.
public struct CrashLogRecorder {
    public let options: CrashLogOptions
    let log: (String) -> Void

    public init(options: CrashLogOptions, log: @escaping (String) -> Void = { _ in }) {
        self.options = options
        self.log = log
    }

    /// The tools it runs, checked before anything is made.
    public static let requiredTools = ["dmsetup", "losetup", "mkfs.ext4", "mount", "umount"]

    public func run() throws -> CrashLogSummary {
        if geteuid() != 0 { throw RecorderError(.notRoot, "", "record --crash-log needs root (loop and device-mapper devices); run it with sudo") }
        for tool in Self.requiredTools where !Subprocess.isInstalled(tool) {
            throw RecorderError(.command, tool, "not installed (needed by record --crash-log; scripts/setup installs dmsetup)")
        }
        if mkdir(options.outputDirectory, 0o755) != 0 && errno != EEXIST {
            throw RecorderError(.io, options.outputDirectory, "cannot create the output directory: \(errnoText())")
        }
        InterruptSignals.install()
        defer { InterruptSignals.restore() }

        let device = try CrashLogDevice(dataBytes: options.dataBytes, logBytes: options.logBytes,
                                        dataDevice: options.dataDevice)
        var warnings: [String] = []
        defer { warnings += device.tearDown() }
        log("filling a \(options.dataBytes >> 20) MiB data device with the old pattern; log-writes target \(device.name)")
        try device.setUp()
        try device.mkfs(options: options.mkfsOptions)
        try device.mark("mkfs")
        try device.mount(options: options.mountOptions)
        try InterruptSignals.check("while setting up")
        log("running \(options.workload.spec) on \(device.devicePath) (\(options.mountOptions.isEmpty ? "default options" : options.mountOptions))")
        let marker = LogMarker(target: device.name)
        var files: [String] = []
        if var traceOptions = options.trace {
            traceOptions.outputDirectory = options.outputDirectory
            let geometry = try Subprocess.check(["dumpe2fs", "-h", device.devicePath], scratchDirectory: "/tmp").stdout
            var g = try OutputFile(creating: options.outputDirectory + "/" + CaptureDirectory.FileName.geometry)
            try g.write(geometry)
            let recorder = Recorder(options: traceOptions, log: log)
            let traced = try recorder.traceMounted(device: device.devicePath, workload: {
                try options.workload.run(in: device.mountPoint) { try marker.mark($0) }
            }, unmount: { try device.unmount() })
            warnings += traced.warnings
            if traced.lostEvents > 0 { warnings.append("trace: \(traced.lostEvents) events lost (raise --buffer-kb)") }
            files = [CaptureDirectory.FileName.geometry] + traced.files
        } else {
            try options.workload.run(in: device.mountPoint) { try marker.mark($0) }
            sync()
            try device.unmount()
        }
        try device.mark("end")
        warnings += device.detach()

        let reader = try LogWritesReader(path: device.logImage)
        let (entries, damage) = reader.readEntries()
        if let damage { warnings.append("log: \(damage)") }
        let used = LogWritesReader.usedBytes(of: entries, sectorBytes: reader.header.sectorBytes)
        let logPath = options.outputDirectory + "/log-writes.zst"
        log("saving \(entries.count) log entries (\(used) bytes) as \(logPath)")
        try ZstdFileStream.compress(device.logImage, bytes: used, to: logPath)

        let capture = CrashLogCapture(kernel: kernelRelease(), dataBytes: options.dataBytes,
                                      sectorBytes: reader.header.sectorBytes, mkfsOptions: options.mkfsOptions.joined(separator: " "),
                                      mountOptions: options.mountOptions, workload: options.workload.spec,
                                      entries: entries.count, logBytes: used, recorder: options.toolVersion,
                                      dataDevice: options.dataDevice ?? "loop")
        var meta = try OutputFile(creating: options.outputDirectory + "/" + CaptureDirectory.FileName.meta)
        try meta.write(Array(capture.json().utf8))
        return CrashLogSummary(entries: entries.count, logBytes: used,
                               files: (["log-writes.zst", CaptureDirectory.FileName.meta] + files).map { options.outputDirectory + "/" + $0 },
                               warnings: warnings)
    }

    func kernelRelease() -> String {
        var u = utsname()
        uname(&u)
        return withUnsafeBytes(of: u.release) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
    }
}

/// Puts marks in the log from any thread of the workload.
struct LogMarker: Sendable {
    let target: String
    func mark(_ label: String) throws {
        try Subprocess.check(["dmsetup", "message", target, "0", "mark", label], scratchDirectory: "/tmp")
    }
}

public struct CrashLogSummary: Sendable {
    public var entries: Int
    public var logBytes: Int64
    public var files: [String]
    public var warnings: [String]
}
