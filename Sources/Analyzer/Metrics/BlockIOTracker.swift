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
/// An ext4 journal's first sector is only known once jbd2 writes its superblock (usually at
/// the first commit), so requests before that wait (16 bytes each, at most `maxPending`) and
/// are classified when it is learnt; every later request is classified as it comes.
struct BlockIOTracker {
    struct Request { var sector: UInt64; var sectors: UInt32; var flags: UInt8 }
    static let write: UInt8 = 1, read: UInt8 = 2, meta: UInt8 = 4, discard: UInt8 = 8
    static let maxPending = 1 << 20

    private var metrics = BlockIOMetrics()
    private var journal: Range<UInt64>?
    private let journalSectors: UInt64?
    private var pending: [Request] = []
    private var superblockWriter: Set<Int> = []

    init(geometry: FilesystemGeometry?) {
        journalSectors = geometry.flatMap { g in
            g.journalBlocks.flatMap { n in
                let (sectors, overflow) = n.multipliedReportingOverflow(by: g.sectorsPerBlock)
                return overflow ? nil : sectors
            }
        }
        if let start = geometry?.journalStartSector, let length = journalSectors {
            setJournal(start: start, length: length, source: "geometry")
        }
    }

    /// Requests wait only while the journal's place can still be learnt.
    private var waitsForJournal: Bool { journal == nil && journalSectors != nil }

    mutating func consume(_ e: TraceEvent) {
        switch e.name {
        case "jbd2_write_superblock":
            superblockWriter.insert(e.pid)
        case "block_rq_issue":
            let sectors = e["nr_sector"]?.uint ?? 0
            let sector = e["sector"]?.uint ?? 0
            guard sectors > 0 else { metrics.flushes += 1; return }
            let flags = BlockIOTracker.flags(e["rwbs"]?.string ?? "")
            if flags & BlockIOTracker.write != 0, superblockWriter.remove(e.pid) != nil,
               journal == nil, let length = journalSectors {
                setJournal(start: sector, length: length, source: "trace")
                for r in pending { classify(r) }
                pending.removeAll()
            }
            let request = Request(sector: sector, sectors: UInt32(clamping: sectors), flags: flags)
            if waitsForJournal && pending.count < BlockIOTracker.maxPending { pending.append(request) } else { classify(request) }
        default: break
        }
    }

    /// The metrics, with requests still waiting classified without a journal area.
    mutating func finish() -> BlockIOMetrics {
        for r in pending { classify(r) }
        pending.removeAll()
        return metrics
    }

    private mutating func setJournal(start: UInt64, length: UInt64, source: String) {
        let (end, overflow) = start.addingReportingOverflow(length)
        journal = start..<(overflow ? .max : end)
        (metrics.journalArea, metrics.journalStartSector, metrics.journalSectors) = (source, start, length)
    }

    private mutating func classify(_ r: Request) {
        let bytes = UInt64(r.sectors) * 512
        if r.flags & BlockIOTracker.discard != 0 { metrics.discards.add(bytes) }
        else if r.flags & BlockIOTracker.read != 0 { metrics.reads.add(bytes) }
        else if let journal, journal.contains(r.sector) { metrics.journalWrites.add(bytes) }
        else if r.flags & BlockIOTracker.meta != 0 { metrics.metadataWrites.add(bytes) }
        else { metrics.dataWrites.add(bytes) }
    }

    /// `WSM` → write | meta; `RA` → read.
    static func flags(_ rwbs: String) -> UInt8 {
        var flags: UInt8 = 0
        for c in rwbs.utf8 {
            switch c {
            case UInt8(ascii: "W"): flags |= write
            case UInt8(ascii: "R"): flags |= read
            case UInt8(ascii: "M"): flags |= meta
            case UInt8(ascii: "D"): flags |= discard
            default: break
            }
        }
        return flags
    }
}
