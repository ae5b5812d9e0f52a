/// What `ext4_ext_map_blocks` asks mballoc for (`struct ext4_allocation_request`).
public struct AllocationRequest: Sendable, Equatable {
    public var inode: UInt64
    /// First logical block to map and how many blocks are wanted.
    public var logicalBlock: UInt64
    public var lengthBlocks: UInt64
    /// `ar->goal`: `ext4_ext_find_goal`.
    public var goal: UInt64
    /// `ar->lleft/pleft/lright/pright`: the closest mapped neighbours.
    public var left: (logical: UInt64, physical: UInt64)?
    public var right: (logical: UInt64, physical: UInt64)?
    /// `EXT4_MB_HINT_DATA`: file data (preallocation and normalisation apply).
    public var isData: Bool
    /// The CPU the allocating task runs on (selects the locality group).
    public var cpu: Int
    /// `i_size` in bytes, and whether some file descriptor has it open for write.
    public var inodeSizeBytes: UInt64
    public var isOpenForWrite: Bool
    /// `EXT4_MB_HINT_NOPREALLOC` from the caller (`EXT4_GET_BLOCKS_NO_NORMALIZE`: fallocate,
    /// zero range): `ext4_mb_normalize_request` returns at once, so exactly the request is
    /// searched for.
    public var noPreallocation = false

    public init(inode: UInt64, logicalBlock: UInt64, lengthBlocks: UInt64, goal: UInt64,
                left: (logical: UInt64, physical: UInt64)? = nil,
                right: (logical: UInt64, physical: UInt64)? = nil,
                isData: Bool = true, cpu: Int = 0, inodeSizeBytes: UInt64 = 0, isOpenForWrite: Bool = true) {
        self.inode = inode
        self.logicalBlock = logicalBlock
        self.lengthBlocks = lengthBlocks
        self.goal = goal
        self.left = left
        self.right = right
        self.isData = isData
        self.cpu = cpu
        self.inodeSizeBytes = inodeSizeBytes
        self.isOpenForWrite = isOpenForWrite
    }

    public static func == (a: Self, b: Self) -> Bool {
        a.inode == b.inode && a.logicalBlock == b.logicalBlock && a.lengthBlocks == b.lengthBlocks && a.goal == b.goal
    }
}

/// What mballoc handed out: `lengthBlocks` blocks from `physicalBlock`, for the request's first
/// logical block. May be shorter than asked.
public struct AllocatedRange: Sendable, Equatable {
    public var physicalBlock: UInt64
    public var lengthBlocks: UInt64
}
