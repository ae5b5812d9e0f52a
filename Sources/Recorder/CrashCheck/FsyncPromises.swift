/// What the workload's fsyncs had promised by some point of the log, read from its marks
/// (`CrashWorkload`): `fsync:ID:SIZE:DATA` after an fsync returned — file `fID` holds at least
/// SIZE bytes and its first DATA bytes are its data; `trunc:ID:SIZE` after an ftruncate — the
/// promise shrinks to SIZE (the truncate may or may not have committed).
public struct FsyncPromises: Sendable, Equatable {
    public struct Promise: Sendable, Equatable {
        public var sizeBytes: UInt64
        public var dataBytes: UInt64
        /// The log entry of the mark that made it.
        public var markEntry: Int
    }

    public private(set) var byFile: [UInt32: Promise] = [:]
    public private(set) var marks = 0

    public init() {}

    /// Applies one mark; unknown marks (`mkfs`, `end`) are ignored.
    public mutating func apply(mark name: String, entry: Int) {
        let parts = name.split(separator: ":")
        guard parts.count >= 3, let id = UInt32(parts[1]), let size = UInt64(parts[2]) else { return }
        marks += 1
        switch parts[0] {
        case "fsync":
            let data = parts.count > 3 ? UInt64(parts[3]) ?? 0 : size
            byFile[id] = Promise(sizeBytes: size, dataBytes: data, markEntry: entry)
        case "trunc":
            if var p = byFile[id] {
                p.sizeBytes = min(p.sizeBytes, size)
                p.dataBytes = min(p.dataBytes, size)
                byFile[id] = p
            }
        default:
            break
        }
    }
}
