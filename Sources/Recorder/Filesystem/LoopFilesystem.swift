#if canImport(Glibc)
import Glibc
#endif

/// A filesystem made in an image file in a temporary directory, attached to a loop device and
/// mounted — and, by `tearDown()`, unmounted, detached and deleted again, however far set-up got.
public final class LoopFilesystem {
    public let kind: FilesystemKind
    /// `/tmp/ext4trace-XXXXXX`, holding the image and the mount point.
    public let workDirectory: String
    public var imagePath: String { workDirectory + "/image" }
    public var mountPoint: String { workDirectory + "/mnt" }
    /// `/dev/loop3` once attached.
    public private(set) var loopDevice: String?
    public private(set) var isMounted = false
    public let mountOptions: String

    /// Creates the work directory, a sparse image of `sizeBytes` and the filesystem in it.
    public init(kind: FilesystemKind, sizeBytes: Int64, mkfsOptions: [String], mountOptions: String,
                in parent: String = "/tmp") throws {
        self.kind = kind
        self.mountOptions = mountOptions
        var template = Array("\(parent)/ext4trace-XXXXXX".utf8CString)
        guard template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) != nil else {
            throw RecorderError(.io, parent, "cannot create a temporary directory: \(errnoText())")
        }
        workDirectory = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        do {
            let fd = open(imagePath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
            if fd < 0 { throw RecorderError(.io, imagePath, "cannot create the image: \(errnoText())") }
            let ok = ftruncate(fd, off_t(sizeBytes)) == 0
            close(fd)
            if !ok { throw RecorderError(.io, imagePath, "cannot size the image to \(sizeBytes) bytes: \(errnoText())") }
            try Subprocess.check(kind.mkfsCommand(options: mkfsOptions, image: imagePath), scratchDirectory: workDirectory)
            if mkdir(mountPoint, 0o755) != 0 { throw RecorderError(.io, mountPoint, "cannot create: \(errnoText())") }
        } catch {
            tearDown()
            throw error
        }
    }

    /// The superblock dump for geometry.txt (`dumpe2fs -h` / `xfs_db sb`), read from the image.
    public func geometry() throws -> [UInt8] {
        try Subprocess.check(kind.geometryCommand(image: imagePath), scratchDirectory: workDirectory).stdout
    }

    /// `losetup -f --show IMAGE`.
    public func attach() throws {
        let r = try Subprocess.check(["losetup", "-f", "--show", imagePath], scratchDirectory: workDirectory)
        let device = r.stdoutText.trimmingCharacters(in: "\n")
        guard device.hasPrefix("/dev/") else {
            throw RecorderError(.command, "losetup -f --show \(imagePath)", "printed no device: \"\(device)\"")
        }
        loopDevice = device
    }

    /// The loop device's major and minor numbers.
    public func deviceNumbers() throws -> DeviceNumbers {
        guard let loopDevice else { throw RecorderError(.io, imagePath, "not attached to a loop device") }
        var st = stat()
        if stat(loopDevice, &st) != 0 { throw RecorderError(.io, loopDevice, "cannot stat: \(errnoText())") }
        return DeviceNumbers(rdev: UInt64(st.st_rdev))
    }

    /// `mount -t FS [-o OPTIONS] DEVICE MNT`.
    public func mount() throws {
        guard let loopDevice else { throw RecorderError(.io, imagePath, "not attached to a loop device") }
        var argv = ["mount", "-t", kind.rawValue]
        if !mountOptions.isEmpty { argv += ["-o", mountOptions] }
        try Subprocess.check(argv + [loopDevice, mountPoint], scratchDirectory: workDirectory)
        isMounted = true
    }

    /// `umount MNT`, retried for a moment while the mount is busy.
    public func unmount() throws {
        guard isMounted else { return }
        var last: Error?
        for _ in 0..<20 {
            do {
                try Subprocess.check(["umount", mountPoint], scratchDirectory: workDirectory)
                isMounted = false
                return
            } catch {
                last = error
                usleep(250_000)
            }
        }
        throw last ?? RecorderError(.command, "umount \(mountPoint)", "failed")
    }

    /// Unmounts, detaches the loop device, deletes the image and the work directory. Runs every
    /// step even when one fails; returns what could not be undone, for the user to fix by hand.
    @discardableResult
    public func tearDown() -> [String] {
        var left: [String] = []
        if isMounted {
            do { try unmount() } catch { left.append("still mounted: \(mountPoint) (\(error))") }
        }
        if let device = loopDevice, !isMounted {
            if (try? Subprocess.check(["losetup", "-d", device], scratchDirectory: "/tmp")) != nil {
                loopDevice = nil
            } else {
                left.append("loop device still attached: \(device)")
            }
        }
        if !isMounted {
            unlink(imagePath)
            rmdir(mountPoint)
            for name in listDirectory(workDirectory) where name.hasPrefix("ext4trace-") {
                unlink(workDirectory + "/" + name)
            }
            if rmdir(workDirectory) != 0 && errno != ENOENT { left.append("not removed: \(workDirectory)") }
        }
        return left
    }
}

/// A block device's numbers, and the kernel's internal dev_t that tracepoints print
/// (`MAJOR << 20 | MINOR`, include/linux/kdev_t.h) — not the user-space st_rdev encoding.
public struct DeviceNumbers: Sendable, Equatable {
    public var major: UInt32
    public var minor: UInt32

    public init(major: UInt32, minor: UInt32) {
        self.major = major
        self.minor = minor
    }

    /// Splits glibc's st_rdev (gnu_dev_major / gnu_dev_minor).
    public init(rdev: UInt64) {
        major = UInt32(((rdev >> 8) & 0xfff) | ((rdev >> 32) & 0xffff_f000))
        minor = UInt32((rdev & 0xff) | ((rdev >> 12) & 0xffff_ff00))
    }

    /// The kernel dev_t used in `dev == N` filters: 7:1 → 7340033.
    public var kernelDevT: UInt64 { UInt64(major) << 20 | UInt64(minor) }
    /// `7:1`, as writeback names the bdi.
    public var text: String { "\(major):\(minor)" }
}
