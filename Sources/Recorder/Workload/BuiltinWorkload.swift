/// A workload ext4trace runs itself with pwrite(2) and fsync(2), so no xfs_io is needed:
///
///     builtin:seq-write:bs=4k,total=1m                    pwrite 4 KiB blocks from 0 to 1 MiB, fsync at the end
///     builtin:random-write:bs=4k,total=256k,size=4m,seed=7  64 blocks at shuffled 4 KiB offsets in 4 MiB
///     builtin:append:bs=6k,total=60k,fsync=1              10 appends, each followed by fsync
///
/// Keys: `bs` block size (default 4k), `total` bytes written (default 1m), `fsync` = `end`
/// (default: one fsync after the last write), `none`, or N (after every N writes and at the end),
/// `file` name in the mount (default `a`), and for random writes `size` (the region, default
/// `total`) and `seed` (default 1).
public struct BuiltinWorkload: Sendable, Equatable {
    public enum Pattern: String, Sendable, CaseIterable {
        case sequential = "seq-write"
        case random = "random-write"
        case append = "append"
    }

    public enum FsyncPolicy: Sendable, Equatable {
        case none
        case atEnd
        case every(Int)
    }

    public var pattern: Pattern
    public var blockSize: Int
    public var totalBytes: Int64
    public var fsync: FsyncPolicy
    public var fileName: String
    public var regionBytes: Int64
    public var seed: UInt64
    /// The spec as given, for meta.json.
    public var spec: String

    /// Parses `builtin:KIND:key=value,...` (the `builtin:` prefix is optional).
    public init(parsing spec: String) throws {
        self.spec = spec.hasPrefix("builtin:") ? spec : "builtin:" + spec
        var rest = Substring(spec)
        if rest.hasPrefix("builtin:") { rest = rest.dropFirst("builtin:".count) }
        let kindText = rest.prefix { $0 != ":" }
        let aliases: [String: Pattern] = ["seq": .sequential, "sequential": .sequential, "seq-write": .sequential,
                                          "random": .random, "random-write": .random, "rand": .random,
                                          "append": .append]
        guard let pattern = aliases[String(kindText)] else {
            throw Self.usage(spec, "unknown kind \"\(kindText)\"; expected seq-write, random-write or append")
        }
        self.pattern = pattern
        blockSize = 4096
        totalBytes = 1 << 20
        fsync = .atEnd
        fileName = "a"
        seed = 1
        var region: Int64?
        let keyValues = rest.dropFirst(kindText.count).drop { $0 == ":" }
        for item in keyValues.split(separator: ",") where !item.isEmpty {
            let parts = item.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { throw Self.usage(spec, "expected key=value, got \"\(item)\"") }
            let (key, value) = (parts[0], parts[1])
            switch key {
            case "bs":
                guard let n = ByteSize.parse(value), n > 0, n <= 1 << 30 else { throw Self.usage(spec, "bad bs \"\(value)\"") }
                blockSize = Int(n)
            case "total":
                guard let n = ByteSize.parse(value), n > 0 else { throw Self.usage(spec, "bad total \"\(value)\"") }
                totalBytes = n
            case "size":
                guard let n = ByteSize.parse(value), n > 0 else { throw Self.usage(spec, "bad size \"\(value)\"") }
                region = n
            case "fsync":
                switch value {
                case "none", "0": fsync = .none
                case "end": fsync = .atEnd
                default:
                    guard let n = Int(value), n > 0 else { throw Self.usage(spec, "fsync must be none, end or a count, got \"\(value)\"") }
                    fsync = .every(n)
                }
            case "file":
                guard !value.isEmpty, !value.contains("/"), value != ".", value != ".." else {
                    throw Self.usage(spec, "file must be a plain name in the mount, got \"\(value)\"")
                }
                fileName = value
            case "seed":
                guard let n = UInt64(value) else { throw Self.usage(spec, "bad seed \"\(value)\"") }
                seed = n
            default:
                throw Self.usage(spec, "unknown key \"\(key)\" (keys: bs, total, size, fsync, file, seed)")
            }
        }
        regionBytes = region ?? totalBytes
        if pattern == .random && Int64(writeCount) * Int64(blockSize) > regionBytes {
            throw Self.usage(spec, "random-write of \(writeCount) blocks of \(blockSize) bytes does not fit in size \(regionBytes)")
        }
    }

    static func usage(_ spec: String, _ why: String) -> RecorderError {
        RecorderError(.usage, "--workload \(spec)", why)
    }

    /// How many pwrite calls: total / bs, the last one short when bs does not divide total.
    public var writeCount: Int { Int((totalBytes + Int64(blockSize) - 1) / Int64(blockSize)) }

    /// The (offset, length) of every pwrite, in order.
    public func writes() -> [(offset: Int64, length: Int)] {
        var out: [(Int64, Int)] = []
        out.reserveCapacity(writeCount)
        var left = totalBytes
        switch pattern {
        case .sequential, .append:
            var offset: Int64 = 0
            while left > 0 {
                let n = Int(min(left, Int64(blockSize)))
                out.append((offset, n))
                offset += Int64(n)
                left -= Int64(n)
            }
        case .random:
            var blocks = Array(0..<Int(regionBytes / Int64(blockSize)))
            var rng = SplitMix64(seed: seed)
            for i in stride(from: blocks.count - 1, to: 0, by: -1) {   // Fisher–Yates
                blocks.swapAt(i, Int(rng.next() % UInt64(i + 1)))
            }
            for b in blocks.prefix(writeCount) {
                let n = Int(min(left, Int64(blockSize)))
                out.append((Int64(b) * Int64(blockSize), n))
                left -= Int64(n)
            }
        }
        return out
    }

    /// Whether to fsync after the write with this 0-based index.
    public func fsyncAfter(write index: Int) -> Bool {
        switch fsync {
        case .none: return false
        case .atEnd: return index == writeCount - 1
        case .every(let n): return (index + 1) % n == 0 || index == writeCount - 1
        }
    }
}

/// A small seeded generator (SplitMix64), so a random-write workload is the same on every run.
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
