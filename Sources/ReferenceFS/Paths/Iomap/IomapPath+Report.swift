/// A replay's figures, in the units `replay` and `model` print.
public struct SeriesReport: Sendable, Equatable {
    public struct Extent: Sendable, Equatable {
        public var lblk: UInt32
        public var len: UInt32
        public var pblk: UInt64
        public var unwritten: Bool
    }
    public struct File: Sendable, Equatable {
        public var key: InodeKey
        public var size: UInt64
        public var disksize: UInt64
        public var extents: [Extent]
    }

    public var model: String
    public var files: [File]
    public var handles: Int
    public var handlesByType: [HandleType: Int]
    public var creditsRequested: Int
    public var commits: Int
    public var blocksLogged: Int
    public var counters: SeriesCounters

    /// MiB written, the denominator of the per-MiB figures.
    public var mebibytesWritten: Double { Double(counters.bytesWritten) / 1_048_576 }

    public init(_ path: IomapPath) {
        model = path.scheme.rawValue
        files = path.allInodes.map { key, inode in
            File(key: key, size: inode.size, disksize: inode.disksize,
                 extents: inode.states.runs.compactMap { r in
                     guard let p = r.physical, r.state == .written || r.state == .unwritten else { return nil }
                     return Extent(lblk: r.start, len: r.length, pblk: p, unwritten: r.state == .unwritten)
                 })
        }
        handles = path.journal.handles.count
        handlesByType = path.journal.handlesByType()
        creditsRequested = path.journal.creditsRequested
        commits = path.journal.commits.count
        blocksLogged = path.journal.blocksLogged
        counters = path.counters
    }
}
