/// One leaf extent of an inode's on-disk extent tree (`struct ext4_extent`): `lengthBlocks`
/// blocks from `logicalBlock` map to `physicalBlock`, written or unwritten.
///
/// debugfs lists one as `0/ 0   1/  2     0 -     0  33280 -  33280      1 ` (a trailing
/// `Uninit` marks unwritten).
public struct Extent: Sendable, Hashable, CustomStringConvertible {
    public var logicalBlock: UInt32
    public var lengthBlocks: UInt32
    public var physicalBlock: UInt64
    public var isUnwritten: Bool

    /// `EXT_INIT_MAX_LEN`: a written extent holds at most 32768 blocks.
    public static let maxWrittenLength: UInt32 = 32_768
    /// `EXT_UNWRITTEN_MAX_LEN`: an unwritten extent holds at most 32767 blocks.
    public static let maxUnwrittenLength: UInt32 = 32_767

    public init(logicalBlock: UInt32, lengthBlocks: UInt32, physicalBlock: UInt64, isUnwritten: Bool) {
        self.logicalBlock = logicalBlock
        self.lengthBlocks = lengthBlocks
        self.physicalBlock = physicalBlock
        self.isUnwritten = isUnwritten
    }

    /// One past the last logical block.
    public var logicalEnd: UInt64 { UInt64(logicalBlock) + UInt64(lengthBlocks) }
    public var physicalEnd: UInt64 { physicalBlock + UInt64(lengthBlocks) }
    public var maxLength: UInt32 { isUnwritten ? Extent.maxUnwrittenLength : Extent.maxWrittenLength }

    public func contains(_ lblk: UInt64) -> Bool { lblk >= UInt64(logicalBlock) && lblk < logicalEnd }

    /// The physical block of `lblk`, which must lie in the extent.
    public func physical(of lblk: UInt64) -> UInt64 { physicalBlock + (lblk - UInt64(logicalBlock)) }

    /// The part of the extent inside `[from, to)`.
    public func clipped(_ from: UInt64, _ to: UInt64) -> Extent? {
        let lo = max(from, UInt64(logicalBlock)), hi = min(to, logicalEnd)
        guard lo < hi else { return nil }
        return Extent(logicalBlock: UInt32(lo), lengthBlocks: UInt32(hi - lo),
                      physicalBlock: physical(of: lo), isUnwritten: isUnwritten)
    }

    /// `ext4_can_extents_be_merged`: logically and physically contiguous, same state, and the
    /// sum within the state's maximum length.
    public func canMerge(with next: Extent) -> Bool {
        isUnwritten == next.isUnwritten && logicalEnd == UInt64(next.logicalBlock)
            && physicalEnd == next.physicalBlock
            && UInt64(lengthBlocks) + UInt64(next.lengthBlocks) <= UInt64(maxLength)
    }

    public var description: String {
        "\(logicalBlock)+\(lengthBlocks)→\(physicalBlock)\(isUnwritten ? "u" : "")"
    }
}
