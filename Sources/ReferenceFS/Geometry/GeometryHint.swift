import TraceParser

/// What a capture shows of the filesystem it was taken on, for captures that came without
/// `dumpe2fs -h` output (made with `trace-cmd record` or `perf` on another machine): the block
/// size and where mkfs put the journal, from which the filesystem's size follows.
///
/// It reads only what mkfs decided before the trace began, never a decision the model
/// predicts:
/// - **Block size.** jbd2 writes its commit record as one block on its own (a flush/FUA
///   request), so the smallest `block_rq_issue` of a `jbd2/` task is one block. Without block
///   events, a buffer_head write gives it too: `ext4_da_write_begin`'s byte `pos`, then the
///   same task's next event of that inode with an `lblk` (`pos >> i_blkbits`).
/// - **Journal start.** The lowest sector jbd2 writes is in the journal's first group; mke2fs
///   puts the journal in the middle group of the filesystem (`get_midpoint_journal_block` in
///   e2fsprogs' lib/ext2fs/mkjournal.c), so the group count, and the size, follow from it.
public struct GeometryHint: Sendable {
    /// The smallest jbd2 request, in bytes.
    public private(set) var smallestJournalWrite: Int?
    /// The lowest 512-byte sector jbd2 wrote.
    public private(set) var lowestJournalSector: UInt64?
    /// Block sizes seen as `pos / lblk` of buffered writes, by how often.
    public private(set) var blockSizeVotes: [Int: Int] = [:]
    /// Per task, the last buffered write's inode and byte position, waiting for an `lblk`.
    private var pendingWrite: [Int: (ino: UInt64, pos: UInt64)] = [:]

    public init() {}

    /// The events `observe` reads, to be decoded (`TraceReadOptions.decodeFieldsOf`).
    public static func reads(system: String, name: String) -> Bool {
        system == "ext4" || name == "block_rq_issue"
    }

    public mutating func observe(_ e: TraceEvent) {
        if e.name == "block_rq_issue" {
            guard e.comm.hasPrefix("jbd2/"), let sector = e["sector"]?.uint,
                  let sectors = e["nr_sector"]?.uint, sectors > 0 else { return }
            let bytes = Int(sectors) * 512
            smallestJournalWrite = min(smallestJournalWrite ?? bytes, bytes)
            lowestJournalSector = min(lowestJournalSector ?? sector, sector)
            return
        }
        guard e.system == "ext4" else { return }
        if e.name == "ext4_da_write_begin" || e.name == "ext4_write_begin" {
            if let ino = e.inode, let pos = e["pos"]?.uint { pendingWrite[e.pid] = (ino, pos) }
            return
        }
        guard let pending = pendingWrite[e.pid], e.inode == pending.ino, let lblk = e["lblk"]?.uint else { return }
        pendingWrite[e.pid] = nil
        guard lblk > 0 else { return }
        let size = pending.pos / lblk
        // `pos` may lie anywhere inside block `lblk`: the quotient is the block size when it
        // is one, rounded down by less than a block otherwise.
        for shift in 10...16 where size >> shift == 1 && pending.pos >> shift == lblk {
            blockSizeVotes[1 << shift, default: 0] += 1
        }
    }

    /// The block size the capture shows, if any.
    public var blockSize: Int? {
        if let w = smallestJournalWrite, (1024...65536).contains(w), w.nonzeroBitCount == 1 { return w }
        return blockSizeVotes.max { ($0.value, $1.key) < ($1.value, $0.key) }?.key
    }

    /// The smallest power-of-two filesystem size, from 16 MiB to 16 TiB, whose journal group
    /// (where mke2fs puts the journal) is the group jbd2 wrote in; nil without jbd2 writes.
    ///
    /// Mirrors `get_midpoint_journal_block`: the group of the middle block; past the first flex
    /// group, rounded down to its flex group and moved past full groups (taken here as up to
    /// two groups on), else the freest of it and its neighbours, where a group that holds a
    /// superblock backup (`ext4_bg_has_super`) or a flex group's tables has fewer free blocks.
    /// `clusterRatio` is the bigalloc blocks per cluster (a group spans 8 × block size clusters).
    public func sizeInBytes(blockSize: Int, clusterRatio: Int = 1, flexGroupSize: UInt64 = 16) -> UInt64? {
        guard let sector = lowestJournalSector else { return nil }
        let firstDataBlock: UInt64 = blockSize == 1024 ? 1 : 0
        let blocksPerGroup = UInt64(8 * blockSize * clusterRatio)
        let journalBlock = sector * 512 / UInt64(blockSize)
        guard journalBlock >= firstDataBlock else { return nil }
        let observedGroup = (journalBlock - firstDataBlock) / blocksPerGroup
        for shift in 24...44 {
            let blocks = (UInt64(1) << shift) / UInt64(blockSize)
            guard blocks > firstDataBlock + blocksPerGroup else { continue }
            let groups = (blocks - firstDataBlock + blocksPerGroup - 1) / blocksPerGroup
            let middle = ((blocks - firstDataBlock) / 2) / blocksPerGroup
            if flexGroupSize > 1 && middle > flexGroupSize {
                let leader = middle & ~(flexGroupSize - 1)
                if (leader...leader + 2).contains(observedGroup) { return UInt64(1) << shift }
                continue
            }
            let layout = Geometry(blocksCount: blocks, firstDataBlock: firstDataBlock, blocksPerGroup: blocksPerGroup)
            // Fewer is freer: a flex group's tables outweigh a superblock backup.
            func used(_ g: UInt64) -> Int { (g % flexGroupSize == 0 ? 2 : 0) + (layout.hasSuperblockBackup(g) ? 1 : 0) }
            let candidates = (middle > 0 ? middle - 1 : middle)...(middle + 1 < groups ? middle + 1 : middle)
            let chosen = candidates.min { used($0) < used($1) } ?? middle
            if chosen == observedGroup { return UInt64(1) << shift }
        }
        return nil
    }
}
