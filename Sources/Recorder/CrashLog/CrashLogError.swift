/// What went wrong reading, replaying or checking a dm-log-writes log: the kind, the file, and
/// the byte offset in it (or -1 when the problem is not at one place), printed as one line:
/// `cap/log-writes.zst: offset 1049088: entry 212 claims 4096 sectors, past the end of the log (1050112 bytes)`.
public struct CrashLogError: Error, Sendable, CustomStringConvertible, Equatable {
    public enum Kind: String, Sendable {
        case io              // a file could not be opened, read or written
        case badSuper        // no log-writes super block (magic, version, sector size)
        case truncated       // the log ends inside an entry or its data
        case malformed       // an entry replay-log's log_entry_valid() would reject
        case tool            // e2fsck or debugfs failed
        case badCapture      // the capture's meta.json missing or not a crash log's
    }

    public var kind: Kind
    public var file: String
    public var offset: Int64
    public var reason: String

    public init(_ kind: Kind, _ file: String, offset: Int64 = -1, _ reason: String) {
        self.kind = kind
        self.file = file
        self.offset = offset
        self.reason = reason
    }

    public var description: String {
        offset >= 0 ? "\(file): offset \(offset): \(reason)" : "\(file): \(reason)"
    }
}
