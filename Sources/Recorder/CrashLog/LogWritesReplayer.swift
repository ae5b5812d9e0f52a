#if canImport(Glibc)
import Glibc
#endif

/// Applies a log's entries in order onto an image file, like xfstests' replay-log
/// (log_replay_next_entry(): each write's data `pwrite`n at `sector * sectorsize`; a discard
/// zeroes its range, as replay-log does when the target cannot discard), and stops at every
/// crash point: after each FLUSH or FUA entry, and after the last entry.
public struct LogWritesReplayer {
    public let imagePath: String

    public init(imagePath: String) {
        self.imagePath = imagePath
    }

    /// Makes the image the log's device started as: `bytes` long, every sector holding the
    /// old pattern (`CrashPattern.oldSector`), as `record --crash-log` filled the data device.
    public static func makeInitialImage(path: String, bytes: Int64, sectorBytes: Int = 512) throws(CrashLogError) {
        let fd = try CrashLogFile.create(path)
        defer { close(fd) }
        try CrashPattern.fillOld(fd: fd, path: path, bytes: bytes)
    }

    /// Replays `entries` from `reader` onto the image; after each crash point, calls `check`
    /// with the entry (the image then holds exactly what the device held after it).
    /// `dataChanged` runs after each entry that changed the image.
    public func replay(_ entries: [LogWritesEntry], from reader: LogWritesReader,
                       check: (LogWritesEntry) throws -> Void, dataChanged: () -> Void = {}) throws {
        let fd = open(imagePath, O_WRONLY | O_CLOEXEC)
        if fd < 0 { throw CrashLogError(.io, imagePath, "cannot open: \(errnoText())") }
        defer { close(fd) }
        let sectorBytes = reader.header.sectorBytes
        var st = stat()
        fstat(fd, &st)
        let deviceSectors = UInt64(max(0, st.st_size)) / UInt64(sectorBytes)
        for (position, entry) in entries.enumerated() {
            if entry.sectorCount > 0 {
                // A damaged entry must not make the replay allocate or write without bound.
                guard entry.sector <= deviceSectors, entry.sectorCount <= deviceSectors - entry.sector else {
                    throw CrashLogError(.malformed, reader.path, offset: entry.offset,
                                        "entry \(entry.index): sectors \(entry.sector)+\(entry.sectorCount) lie past the device's \(deviceSectors) sectors")
                }
                let bytes = entry.flags.contains(.discard)
                    ? [UInt8](repeating: 0, count: Int(entry.sectorCount) * sectorBytes)
                    : try reader.data(of: entry)
                let offset = Int64(entry.sector) * Int64(sectorBytes)
                let written = bytes.withUnsafeBytes { pwrite(fd, $0.baseAddress!, $0.count, off_t(offset)) }
                if written != bytes.count {
                    throw CrashLogError(.io, imagePath, offset: offset, "replaying entry \(entry.index): write failed: \(errnoText())")
                }
                dataChanged()
            }
            if entry.isCrashPoint || position == entries.count - 1 { try check(entry) }
        }
    }
}
