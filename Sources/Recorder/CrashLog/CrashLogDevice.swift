#if canImport(Glibc)
import Glibc
#endif

/// The device stack of `record --crash-log`: a data image pre-filled with the old pattern and a
/// sparse log image, each on a loop device, joined by a device-mapper `log-writes` target
/// (`dmsetup create NAME --table "0 SECTORS log-writes DATA LOG"`, Documentation/admin-guide/
/// device-mapper/log-writes.rst). `tearDown()` removes the target, detaches both loops and deletes
/// the images, however far set-up got.
public final class CrashLogDevice {
    public let workDirectory: String
    public let dataBytes: Int64
    public let logBytes: Int64
    public let name: String
    /// A block device to use as the data device instead of a loop on `dataImage` (e.g. a
    /// virtio disk the VM was given with `--qemu-opts "-drive ..."`, whose I/O completes
    /// asynchronously and out of order, as a real disk's does).
    public let dataDevice: String?
    public var dataImage: String { workDirectory + "/data" }
    public var logImage: String { workDirectory + "/log" }
    public var mountPoint: String { workDirectory + "/mnt" }
    /// `/dev/mapper/NAME` once created.
    public var devicePath: String { "/dev/mapper/" + name }
    private(set) var dataLoop: String?
    private(set) var logLoop: String?
    private(set) var created = false
    public private(set) var isMounted = false

    public init(dataBytes: Int64, logBytes: Int64, dataDevice: String? = nil, in parent: String = "/tmp") throws {
        self.dataBytes = dataBytes
        self.dataDevice = dataDevice
        self.logBytes = logBytes
        name = "ext4trace-lw-\(getpid())"
        var template = Array("\(parent)/ext4trace-crash-XXXXXX".utf8CString)
        guard template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) != nil else {
            throw RecorderError(.io, parent, "cannot create a temporary directory: \(errnoText())")
        }
        workDirectory = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    }

    /// Fills the data image, makes the log image, attaches both and creates the target.
    public func setUp() throws {
        if let dataDevice {
            let fd = open(dataDevice, O_WRONLY | O_CLOEXEC)
            if fd < 0 { throw RecorderError(.io, dataDevice, "cannot open: \(errnoText())") }
            defer { close(fd) }
            try CrashPattern.fillOld(fd: fd, path: dataDevice, bytes: dataBytes)
            if fsync(fd) != 0 { throw RecorderError(.io, dataDevice, "fsync failed: \(errnoText())") }
        } else {
            try LogWritesReplayer.makeInitialImage(path: dataImage, bytes: dataBytes)
        }
        let fd = open(logImage, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        if fd < 0 { throw RecorderError(.io, logImage, "cannot create: \(errnoText())") }
        let sized = ftruncate(fd, off_t(logBytes)) == 0
        close(fd)
        if !sized { throw RecorderError(.io, logImage, "cannot size: \(errnoText())") }
        if mkdir(mountPoint, 0o755) != 0 { throw RecorderError(.io, mountPoint, "cannot create: \(errnoText())") }
        dataLoop = dataDevice == nil ? try attach(dataImage) : nil
        logLoop = try attach(logImage)
        let sectors = dataBytes / 512
        try run(["dmsetup", "create", name, "--noudevsync", "--table", "0 \(sectors) log-writes \(dataLoop ?? dataDevice ?? "") \(logLoop ?? "")"])
        created = true
        try run(["dmsetup", "mknodes", name])           // no udev in the guest
    }

    /// `dmsetup message NAME 0 mark LABEL`: a MARK entry in the log (log_writes_message()).
    public func mark(_ label: String) throws {
        try run(["dmsetup", "message", name, "0", "mark", label])
    }

    /// `mkfs.ext4` through the target: no discard (it would replace the old pattern with
    /// zeros), inode tables and journal zeroed now (not by ext4lazyinit during the workload),
    /// and 4 KiB blocks unless `options` says otherwise (mke2fs would pick 1 KiB for a device
    /// this small, where a page holds four blocks).
    public func mkfs(options: [String]) throws {
        let blockSize = options.contains { $0.hasPrefix("-b") } ? [] : ["-b", "4096"]
        try run(["mkfs.ext4", "-q", "-F", "-E", "nodiscard,lazy_itable_init=0,lazy_journal_init=0"] + blockSize + options + [devicePath])
    }

    public func mount(options: String) throws {
        var argv = ["mount", "-t", "ext4"]
        if !options.isEmpty { argv += ["-o", options] }
        try run(argv + [devicePath, mountPoint])
        isMounted = true
    }

    public func unmount() throws {
        guard isMounted else { return }
        try run(["umount", mountPoint])
        isMounted = false
    }

    /// Removes the target (its last super block update lands in the log), detaches the loops.
    /// Keeps the images; returns what could not be undone.
    @discardableResult
    public func detach() -> [String] {
        var left: [String] = []
        if isMounted {
            do { try unmount() } catch { left.append("still mounted: \(mountPoint) (\(error))") }
        }
        if created && !isMounted {
            if (try? run(["dmsetup", "remove", "--noudevsync", name])) != nil { created = false }
            else { left.append("device-mapper target still there: \(name)") }
        }
        for loop in [dataLoop, logLoop].compactMap({ $0 }) where !created {
            if (try? run(["losetup", "-d", loop])) == nil { left.append("loop device still attached: \(loop)") }
        }
        if !created { dataLoop = nil; logLoop = nil }
        return left
    }

    /// `detach()`, then deletes the images and the work directory.
    @discardableResult
    public func tearDown() -> [String] {
        var left = detach()
        if !created && !isMounted {
            unlink(dataImage)
            unlink(logImage)
            rmdir(mountPoint)
            for name in listDirectory(workDirectory) { unlink(workDirectory + "/" + name) }
            if rmdir(workDirectory) != 0 && errno != ENOENT { left.append("not removed: \(workDirectory)") }
        }
        return left
    }

    private func attach(_ image: String) throws -> String {
        let r = try run(["losetup", "-f", "--show", image])
        let device = r.stdoutText.trimmingCharacters(in: "\n")
        guard device.hasPrefix("/dev/") else { throw RecorderError(.command, "losetup -f --show \(image)", "printed no device") }
        return device
    }

    @discardableResult
    private func run(_ argv: [String]) throws -> Subprocess.Result {
        try Subprocess.check(argv, scratchDirectory: "/tmp")
    }
}
