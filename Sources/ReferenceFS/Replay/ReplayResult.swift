import TraceParser

/// What a replay predicts: final sizes and on-disk extents per inode, journal traffic and
/// mapping work.
public struct ReplayResult: Sendable, Equatable {
    public struct InodeResult: Sendable, Equatable {
        public var device: String
        public var ino: UInt64
        public var sizeBytes: UInt64
        public var disksizeBytes: UInt64
        public var extents: [Extent]
    }

    public var model: String
    public var inodes: [InodeResult]
    public var handles: Int
    public var handlesByType: [HandleType: Int]
    public var creditsRequested: Int
    public var commits: Int
    public var blocksLogged: Int
    public var counters: MappingCounters
    public var operations: Int
}

extension Replayer {
    /// Ends the replay as an unmount would if the trace did not show one (remaining dirty
    /// folios written back, the running transaction committed), and reports.
    public mutating func finish() -> ReplayResult {
        let ctx = OperationContext(cpu: 0, pid: 0, timestampNs: fs.journal.running.startNs)
        for ino in fs.inodes.keys.sorted() where !fs[ino].pages.dirty.isEmpty {
            path.writepages(&fs, ino: ino, request: WritebackRequest(), ctx: ctx)
        }
        fs.commitTransaction(.unmount, at: ctx.timestampNs)
        return result()
    }

    /// The prediction so far. Regular files (inode ≥ 11, not the journal) that were seen.
    public func result() -> ReplayResult {
        let dev = device ?? ""
        let files = fs.inodes.keys.sorted().filter { $0 >= 11 && $0 != fs.geometry.journalInode }
        return ReplayResult(
            model: path.name,
            inodes: files.map { ino in
                let i = fs[ino]
                return .init(device: dev, ino: ino, sizeBytes: i.sizeBytes, disksizeBytes: i.disksizeBytes,
                             extents: i.extents.extents)
            },
            handles: fs.journal.handles, handlesByType: fs.journal.handlesByType,
            creditsRequested: fs.journal.creditsRequested, commits: fs.journal.commits.count,
            blocksLogged: fs.journal.blocksLogged, counters: fs.counters, operations: operations)
    }
}
