/// The unpatched kernel's buffered I/O path: buffer_heads per block, delayed allocation at
/// write time, mapping at writeback through `ext4_do_writepages` (fs/ext4/inode.c).
public struct BufferHeadPath: BufferedIOPath {
    public var name: String { "buffer_head" }
    /// `MAX_WRITEPAGES_EXTENT_LEN`: the most blocks writeback maps in one go.
    public static let maxWritepagesExtentBlocks: UInt64 = 2048

    public init() {}
}
