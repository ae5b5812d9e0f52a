import TraceParser

/// Requests and bytes of one class of block I/O.
public struct BlockIOCounts: Sendable, Equatable {
    public var requests = 0
    public var bytes: UInt64 = 0
    public init() {}
    mutating func add(_ bytes: UInt64) { requests += 1; self.bytes &+= bytes }
}

/// Block I/O issued to the device (`block_rq_issue`), by what it carried.
public struct BlockIOMetrics: Sendable, Equatable {
    public var reads = BlockIOCounts()
    /// Writes outside the journal without REQ_META (`M` in `rwbs`): file data.
    public var dataWrites = BlockIOCounts()
    /// Writes inside the journal area (jbd2 descriptor, metadata and commit blocks; file data
    /// too under data=journal).
    public var journalWrites = BlockIOCounts()
    /// Other writes marked REQ_META: checkpointed bitmaps, inode tables, superblocks.
    public var metadataWrites = BlockIOCounts()
    /// Cache flushes and other requests that carry no sectors (`FF`, `0 + 0`).
    public var flushes = 0
    public var discards = BlockIOCounts()
    /// How the journal area was found: `geometry` (XFS logstart), `trace` (the write following
    /// `jbd2_write_superblock`, length from geometry), or `unknown` (journal writes are then
    /// counted as metadata).
    public var journalArea = "unknown"
    public var journalStartSector: UInt64?
    public var journalSectors: UInt64?

    public init() {}
}

/// Classifies `block_rq_issue` requests:
///
///     jbd2/loop1-8-3590 [001] ..... 2027.502167: block_rq_issue: 7,1 WSM 4096 () 2097152 + 8 be,0,3 [jbd2/loop1-8]
///
/// The journal's first sector is only known once jbd2 writes its superblock, which may come
/// after the first commits, so requests are kept (16 bytes each) and classified at the end.
struct BlockIOTracker {
    struct Request { var sector: UInt64; var sectors: UInt32; var flags: UInt8 }
    static let write: UInt8 = 1, read: UInt8 = 2, meta: UInt8 = 4, discard: UInt8 = 8

    private var requests: [Request] = []
    private var flushes = 0
    private var superblockWriter: Set<Int> = []
    private(set) var learntJournalStart: UInt64?

    mutating func consume(_ e: TraceEvent) {
        switch e.name {
        case "jbd2_write_superblock":
            superblockWriter.insert(e.pid)
        case "block_rq_issue":
            let rwbs = e["rwbs"]?.string ?? ""
            let sectors = e["nr_sector"]?.uint ?? 0
            let sector = e["sector"]?.uint ?? 0
            guard sectors > 0 else { flushes += 1; return }
            var flags: UInt8 = 0
            for c in rwbs.utf8 {
                switch c {
                case UInt8(ascii: "W"): flags |= BlockIOTracker.write
                case UInt8(ascii: "R"): flags |= BlockIOTracker.read
                case UInt8(ascii: "M"): flags |= BlockIOTracker.meta
                case UInt8(ascii: "D"): flags |= BlockIOTracker.discard
                default: break
                }
            }
            if flags & BlockIOTracker.write != 0, superblockWriter.remove(e.pid) != nil, learntJournalStart == nil {
                learntJournalStart = sector
            }
            requests.append(Request(sector: sector, sectors: UInt32(clamping: sectors), flags: flags))
        default: break
        }
    }

    func finish(geometry: FilesystemGeometry?) -> BlockIOMetrics {
        var m = BlockIOMetrics()
        m.flushes = flushes
        let length = geometry.flatMap { g in
            g.journalBlocks.flatMap { n in
                let (sectors, overflow) = n.multipliedReportingOverflow(by: g.sectorsPerBlock)
                return overflow ? nil : sectors
            }
        }
        if let start = geometry?.journalStartSector, let length {
            (m.journalArea, m.journalStartSector, m.journalSectors) = ("geometry", start, length)
        } else if let start = learntJournalStart, let length {
            (m.journalArea, m.journalStartSector, m.journalSectors) = ("trace", start, length)
        }
        let journal = m.journalStartSector.flatMap { s in m.journalSectors.map { s..<(s.addingReportingOverflow($0).overflow ? .max : s + $0) } }
        for r in requests {
            let bytes = UInt64(r.sectors) * 512
            if r.flags & BlockIOTracker.discard != 0 { m.discards.add(bytes) }
            else if r.flags & BlockIOTracker.read != 0 { m.reads.add(bytes) }
            else if let journal, journal.contains(r.sector) { m.journalWrites.add(bytes) }
            else if r.flags & BlockIOTracker.meta != 0 { m.metadataWrites.add(bytes) }
            else { m.dataWrites.add(bytes) }
        }
        return m
    }
}
