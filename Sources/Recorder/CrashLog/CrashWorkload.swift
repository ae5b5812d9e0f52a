/// A workload for `record --crash-log`, written in the recognisable data pattern
/// (`CrashPattern.data`) and marking the log after every fsync returns:
///
///     crash:window:big=16m,piece=1m,appends=64,bs=4k
///                                              thread A writes f1 in 1 MiB pieces, each followed by
///                                              sync_file_range(SYNC_FILE_RANGE_WRITE); thread B appends
///                                              bs to f2 and fsyncs it, `appends` times; `sparse=1`: A first
///                                              ftruncates f1 up to `big` and fsyncs it, so every piece fills
///                                              a hole inside the durable i_disksize
///     crash:append:count=64,bs=4k,fsync=1      appends to f1; fsync after every N (or `none`)
///     crash:truncate-append:rounds=8,fsync=1   per round: append 64 KiB, fsync; truncate down by 45 KiB
///                                              (to a 512-byte but not 4 KiB boundary); append 16 KiB (fsync=1: fsync)
///     crash:falloc-overwrite:size=1m,bs=4k,fsync=4
///                                              fallocate f1, fsync; overwrite it front to back, fsync every N
///
/// The marks (`dmsetup message DEV 0 mark NAME`) tell the checker what each fsync promised:
/// `fsync:ID:SIZE:DATA` — file `fID` has at least SIZE bytes and its first DATA bytes are its
/// data; `trunc:ID:SIZE` — it was truncated to SIZE (the promise shrinks to SIZE).
public struct CrashWorkload: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        case window
        case append
        case truncateAppend = "truncate-append"
        case fallocOverwrite = "falloc-overwrite"
    }

    public var kind: Kind
    public var blockSize: Int = 4096
    /// window: bytes thread A writes; falloc-overwrite: the fallocated size.
    public var bigBytes: Int64 = 16 << 20
    /// window: the size of thread A's pieces (1 MiB).
    public var pieceBytes: Int64 = 1 << 20
    /// window: thread B's appends; append: the appends.
    public var count: Int = 64
    public var rounds: Int = 8
    /// fsync after every N writes; 0 = none.
    public var fsyncEvery: Int = 1
    /// window: f1 is truncated up to `bigBytes` (and fsynced) before its pieces are written.
    public var sparse: Bool = false
    public var spec: String

    /// Parses `crash:KIND:key=value,...`.
    public init(parsing spec: String) throws {
        self.spec = spec
        let parts = spec.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
        guard parts.count >= 2, parts[0] == "crash", let kind = Kind(rawValue: parts[1]) else {
            throw Self.usage(spec, "expected crash:KIND[:key=value,...] with KIND \(Kind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        self.kind = kind
        if kind == .fallocOverwrite { bigBytes = 1 << 20; fsyncEvery = 4 }
        for item in (parts.count > 2 ? parts[2] : "").split(separator: ",") {
            let kv = item.split(separator: "=", maxSplits: 1).map(String.init)
            guard kv.count == 2 else { throw Self.usage(spec, "expected key=value, got \"\(item)\"") }
            switch kv[0] {
            case "bs":
                guard let n = ByteSize.parse(kv[1]), n >= 512, n % 512 == 0, n <= 1 << 24 else { throw Self.usage(spec, "bs must be a multiple of 512") }
                blockSize = Int(n)
            case "big", "size":
                guard let n = ByteSize.parse(kv[1]), n >= 1 << 20, n % (1 << 20) == 0, n <= 1 << 30 else { throw Self.usage(spec, "\(kv[0]) must be whole MiB") }
                bigBytes = n
            case "piece":
                guard let n = ByteSize.parse(kv[1]), n >= 4096, n % 4096 == 0, n <= 1 << 28 else { throw Self.usage(spec, "piece must be a multiple of 4k") }
                pieceBytes = n
            case "appends", "count":
                guard let n = Int(kv[1]), n > 0, n <= 100_000 else { throw Self.usage(spec, "bad \(kv[0])") }
                count = n
            case "rounds":
                guard let n = Int(kv[1]), n > 0, n <= 10_000 else { throw Self.usage(spec, "bad rounds") }
                rounds = n
            case "fsync":
                if kv[1] == "none" { fsyncEvery = 0; continue }
                guard let n = Int(kv[1]), n >= 0 else { throw Self.usage(spec, "fsync must be none or a count") }
                fsyncEvery = n
            case "sparse":
                guard kind == .window, kv[1] == "0" || kv[1] == "1" else { throw Self.usage(spec, "sparse=0|1 is a key of window") }
                sparse = kv[1] == "1"
            default:
                throw Self.usage(spec, "unknown key \"\(kv[0])\" (keys: bs, big/size, piece, appends/count, rounds, fsync, sparse)")
            }
        }
    }

    static func usage(_ spec: String, _ why: String) -> RecorderError {
        RecorderError(.usage, "--workload \(spec)", why)
    }

    /// The files it writes, by id: `f1`, `f2`.
    public var fileIDs: [UInt32] { kind == .window ? [1, 2] : [1] }
}
