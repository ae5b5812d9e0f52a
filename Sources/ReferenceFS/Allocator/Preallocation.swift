/// A preallocated space (`struct ext4_prealloc_space`): blocks set aside by mballoc, either for
/// one inode's logical range (an inode PA) or for a CPU's locality group (a group PA).
///
/// Held in blocks (whole clusters under bigalloc). For group PAs the kernel sets `pa_lstart`
/// to the physical start and advances both as blocks are handed out; here `physicalStart`
/// advances and `logicalStart` is unused.
public struct Preallocation: Sendable, Equatable {
    public enum Kind: Sendable, Equatable { case inode, group }
    public var kind: Kind
    public var physicalStart: UInt64
    public var logicalStart: UInt64
    public var lengthBlocks: UInt64
    public var freeBlocks: UInt64
    /// Physical blocks of an inode PA already handed out (inode PAs are used by logical
    /// position, not in order).
    public var handedOut = BlockRanges()

    public var physicalEnd: UInt64 { physicalStart + lengthBlocks }
    public var logicalEnd: UInt64 { logicalStart + lengthBlocks }

    public func checkInvariants() {
        precondition(freeBlocks <= lengthBlocks, "PA free > length")
        handedOut.checkInvariants()
        if kind == .inode { precondition(handedOut.count + freeBlocks == lengthBlocks, "PA accounting") }
    }
}
