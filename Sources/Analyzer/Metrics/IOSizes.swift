/// Read or write system calls of one inode: how many, how many bytes, and how many of each
/// requested size (`count` of `sys_enter_pwrite64`).
public struct IOSizes: Sendable, Equatable {
    public var calls = 0
    /// Bytes the calls returned (`sys_exit_*` `ret`, when positive).
    public var bytes: UInt64 = 0
    /// Requested size → number of calls.
    public var bySize: [UInt64: Int] = [:]

    public init() {}

    mutating func add(requested: UInt64, returned: Int64?) {
        calls += 1
        bySize[requested, default: 0] += 1
        if let returned, returned > 0 { bytes &+= UInt64(returned) } else if returned == nil { bytes &+= requested }
    }

    mutating func merge(_ o: IOSizes) {
        calls += o.calls
        bytes &+= o.bytes
        for (k, v) in o.bySize { bySize[k, default: 0] += v }
    }

    public var mebibytes: Double { Double(bytes) / 1_048_576 }
}
