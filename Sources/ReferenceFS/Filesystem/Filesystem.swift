import TraceParser

/// The whole modelled ext4 instance: geometry, mount options, allocator, journal and inodes.
///
/// A value type: copying it snapshots the filesystem. Paths (`BufferedIOPath`) change it
/// through the operations in `Filesystem+*.swift`.
public struct Filesystem: Sendable, Equatable {
    public let geometry: Geometry
    public let options: MountOptions
    public var allocator: Mballoc
    public var journal: Journal
    public var inodes: [UInt64: Inode] = [:]
    public var counters = MappingCounters()
    /// The kernel release modelled (meta.json's `kernel`); 6.18 unless told.
    public var kernel = KernelRelease.linux6_18
    /// Whether the first open since mount has sampled `s_last_mounted` yet.
    public var hasSampledLastMounted = false
    /// Set once the root inode is dropped: the filesystem is being unmounted.
    public var isUnmounting = false
    public var mounts = 1
    /// Each commit's inodes, kept when set to `[]` (`crash`; `Crash/CommittedState.swift`).
    public var committedStates: [CommittedState]? = nil
    /// The events the model predicts, kept when set to `[]` (`Filesystem+Emit.swift`).
    public var trace: [TraceEvent]? = nil
    /// Blocks freed in a transaction that has not committed yet (`Filesystem+FreedUntilCommit.swift`).
    public var freedUntilCommit: [FreedExtent] = []
    /// The device the events name, `"major:minor"` as decoded events carry it.
    public var device = "0:0"

    public init(geometry: Geometry, options: MountOptions, cpus: Int = 2) {
        self.geometry = geometry
        self.options = options
        allocator = Mballoc(geometry: geometry, cpus: cpus)
        journal = Journal(blockSize: geometry.blockSize)
        journal.commitIntervalNs = options.commitIntervalSeconds * 1_000_000_000
    }

    /// The inode, created on first sight (files that existed before the trace started have no
    /// known extents: the model starts them empty).
    public subscript(ino: UInt64) -> Inode {
        get { inodes[ino] ?? Inode(number: ino) }
        set { inodes[ino] = newValue }
        _modify { yield &inodes[ino, default: Inode(number: ino)] }
    }

    /// Moves an inode out for a mutation that also touches the rest of the filesystem (the
    /// dictionary no longer shares its storage, so no copy-on-write); `putInode` puts it back.
    /// Nothing may read the inode through `self` in between.
    public mutating func takeInode(_ ino: UInt64) -> Inode {
        inodes.removeValue(forKey: ino) ?? Inode(number: ino)
    }

    public mutating func putInode(_ inode: Inode) { inodes[inode.number] = inode }

    public var blockSize: UInt64 { UInt64(geometry.blockSize) }
    public var blocksPerPage: UInt64 { max(1, 4096 / blockSize) }
    public var pageBlocksShift: UInt64 { UInt64(blocksPerPage.trailingZeroBitCount) }

    /// The inode-table block holding `ino` (what `ext4_mark_inode_dirty` logs).
    public func inodeTableBlock(_ ino: UInt64) -> MetadataBlock {
        .inodeTable((ino - 1) / geometry.inodesPerBlock)
    }

    /// The bitmap and descriptor blocks an allocation or free in `block`'s group dirties.
    public func allocationMetadata(_ block: UInt64) -> [MetadataBlock] {
        let g = geometry.groupAndOffset(of: block).group
        return [.blockBitmap(g), .groupDescriptor(g * UInt64(geometry.descriptorSize) / blockSize)]
    }

    /// Component invariants, plus: no two mapped extents (or tree blocks) share a block, every
    /// mapped block is used in the allocator, and (without bigalloc) every block is accounted
    /// for: free + mapped + tree blocks + preallocated-but-unused + freed-until-commit = free after mkfs.
    public func checkInvariants() {
        geometry.checkInvariants()
        allocator.checkInvariants()
        journal.checkInvariants()
        var owned: [Range<UInt64>] = []
        for (_, inode) in inodes {
            inode.checkInvariants()
            for e in inode.extents.extents {
                precondition(allocator.isUsed(e.physicalBlock) && allocator.isUsed(e.physicalEnd - 1),
                             "mapped blocks \(e) of inode \(inode.number) are free")
                owned.append(e.physicalBlock..<e.physicalEnd)
            }
            for b in inode.extents.nodeBlocks { owned.append(b..<b + 1) }
        }
        owned.sort { $0.lowerBound < $1.lowerBound }
        for k in owned.indices.dropFirst() where geometry.clusterRatio == 1 {
            precondition(owned[k - 1].upperBound <= owned[k].lowerBound, "blocks \(owned[k]) mapped twice")
        }
        guard geometry.clusterRatio == 1 else { return }
        let mapped = owned.reduce(0) { $0 + ($1.upperBound - $1.lowerBound) }
        let preallocated = allocator.inodePreallocations.values.joined().reduce(0) { $0 + $1.freeBlocks }
            + allocator.localityGroups.values.joined().reduce(0) { $0 + $1.freeBlocks }
        let waiting = blocksFreedUntilCommit
        precondition(allocator.freeBlocks + mapped + preallocated + waiting == geometry.freeBlocks,
                     "block accounting: free \(allocator.freeBlocks) + mapped \(mapped) + preallocated \(preallocated) + freed until commit \(waiting) ≠ \(geometry.freeBlocks)")
    }
}
