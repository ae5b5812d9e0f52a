/// The credits ext4 asks for at each call site (fs/ext4/ext4_jbd2.h, inode.c, extents.c),
/// as `ext4_journal_start_*` prints them in `blocks`.
///
/// `metaTransBlocks` is `ext4_meta_trans_blocks(inode, 1, 1)` for an extent-mapped file:
/// `ext4_ext_index_trans_blocks` assumes the worst-case depth (`EXT4_MAX_EXTENT_DEPTH` 5 → 11
/// index and leaf blocks), plus one bitmap per touched group (`groups` = 11 + 1 extents, at
/// most the group count), descriptor blocks (`gdpblocks`: the unclamped 12, or `s_gdb_count`
/// when the clamped group count is larger than it — the kernel compares after clamping, so a
/// one-group filesystem is charged 12 descriptor blocks), plus 6 for the superblock, inode and
/// xattr blocks (no quota). The captures print 30 on the default 6.18 filesystem (16 groups),
/// 22 with 4 groups (6.18 bigalloc, 7.3 default), 41 with 1 KiB blocks and 16 descriptor
/// blocks, 33 with 4 (7.3), and 30 on 7.3's one-group bigalloc filesystem
/// (fixtures/iomap/bigalloc-*); 6.18 prints the same 30 on one-group 2 GiB images with 64 KiB and
/// 128 KiB clusters, 20 with 32 KiB clusters (two groups) and 22 with 16 KiB (four)
/// (fixtures/ext4-bigalloc64k-seq-write-4k). Leaves out quota credits and inline data.
public enum Credits {
    public static func metaTransBlocks(_ g: Geometry) -> Int { metaTransBlocks(g, pextents: 1, allocExtents: 1) }

    /// `ext4_da_writepages_trans_blocks` (writeback handle, type 2).
    public static func writepages(_ g: Geometry) -> Int { metaTransBlocks(g) }

    /// The reserve for the end-of-I/O conversion handle under dioread_nolock (`rsv_blocks`,
    /// type 11), which `ext4_do_writepages` asks with the writeback handle.
    ///
    /// 7.3-rc7: `ext4_meta_trans_blocks(inode, bpf, bpf, 0)` with `bpf` =
    /// `ext4_journal_blocks_per_folio` (blocks per page: the buffer_head path's folios are
    /// order 0): 22 with 4 groups, 44 with 1 KiB blocks (64 groups, 4 descriptor blocks), 29 on a
    /// one-group bigalloc filesystem, as fixtures/iomap/*/bh print them (fs/ext4/inode.c of
    /// Debian's linux-source-7.3 7.3~rc7-1~exp1, the shared kernel's tree).
    /// 6.18: fitted to the corpus, not derived: 18 with one block per page (default and
    /// bigalloc), the writeback credits with 1 KiB blocks (41).
    public static func conversionReserve(_ g: Geometry, kernel: KernelRelease) -> Int {
        if kernel >= .linux7_3 {
            let bpf = max(1, 4096 / g.blockSize)
            return metaTransBlocks(g, pextents: bpf, allocExtents: 0)
        }
        return g.blockSize < 4096 ? metaTransBlocks(g) : 11 + Int(min(12, g.descriptorBlocks)) + 6
    }

    /// `ext4_meta_trans_blocks(inode, lblocks, pextents, alloc_extents)` for an extent-mapped
    /// file, as 7.3-rc7 has it: `ext4_ext_index_trans_blocks(inode, pextents)` index and leaf
    /// blocks for the worst-case depth (`EXT4_MAX_EXTENT_DEPTH` 5: 10 + extents for one extent,
    /// else 15 + the leaves `pextents` can span), one bitmap per group the index blocks and
    /// `alloc_extents` may touch (at most the group count), descriptor blocks (that unclamped
    /// count, or `s_gdb_count` when the clamped count exceeds it), and 6 for the superblock,
    /// inode and xattr blocks (no quota). `metaTransBlocks(g)` is this with (1, 1): 11 + 12 groups.
    public static func metaTransBlocks(_ g: Geometry, pextents: Int, allocExtents: Int) -> Int {
        let extentsPerLeaf = max(1, (g.blockSize - 12) / 12)
        let index = pextents <= 1 ? 10 + pextents : 15 + (pextents + extentsPerLeaf - 1 + extentsPerLeaf - 1) / extentsPerLeaf
        let touched = UInt64(index + allocExtents)
        let groups = min(touched, g.groupCount)
        let gdpBlocks = groups > g.descriptorBlocks ? g.descriptorBlocks : touched
        return index + Int(groups) + Int(gdpBlocks) + 6
    }

    /// `ext4_write_begin`: `ext4_writepage_trans_blocks` (+1 per block journalled under
    /// data=journal) + 1.
    public static func writeBegin(_ g: Geometry, journalsData: Bool) -> Int {
        metaTransBlocks(g) + (journalsData ? 1 : 0) + 1
    }

    /// `ext4_truncate`, `ext4_punch_hole`, `ext4_alloc_file_blocks`, `ext4_iomap_alloc`:
    /// `ext4_writepage_trans_blocks` / `ext4_chunk_trans_blocks` for one block.
    public static func truncate(_ g: Geometry) -> Int { metaTransBlocks(g) }

    /// `ext4_ext_remove_space`'s own (nested) start: 1.
    public static let removeSpace = 1
    /// `ext4_dirty_inode`, and 6.18's `ext4_da_write_end` size update: 2.
    public static let inodeUpdate = 2
    /// `ext4_da_do_write_end`'s `i_disksize` update inside a written block, as each kernel
    /// prints it: 2 on 6.18 (ext4-append-fsync, ext4-random-write, ext4-bigalloc-random-write),
    /// 1 on 7.3-rc7 (fixtures/iomap/append-fsync/bh, `ext4_da_write_end+0x2bd`). Taken from
    /// the captures, like `newInode`.
    public static func daWriteEndSize(_ kernel: KernelRelease) -> Int { kernel >= .linux7_3 ? 1 : inodeUpdate }
    /// `ext4_setattr` size change: 3.
    public static let setattr = 3
    /// `ext4_create` → `__ext4_new_inode` in a directory (`EXT4_DATA_TRANS_BLOCKS +
    /// EXT4_INDEX_EXTRA_TRANS_BLOCKS + 3`, no quota), as each kernel prints it: 46 on 6.18 on
    /// every corpus filesystem (default, 1 KiB blocks, bigalloc), 39 on 7.3-rc7 with the series on
    /// every fixtures/iomap capture (both paths, the same three layouts). Taken from the
    /// captures, not derived: the macro change between them is not identified here.
    public static func newInode(_ kernel: KernelRelease) -> Int { kernel >= .linux7_3 ? 39 : 46 }
    /// `ext4_unlink`: `EXT4_DATA_TRANS_BLOCKS` = 20 (extents) + 6 (xattr) − 2, no quota.
    public static let unlink = 24
    /// `ext4_file_open` → `ext4_sample_last_mounted`: 1.
    public static let sampleLastMounted = 1
}
