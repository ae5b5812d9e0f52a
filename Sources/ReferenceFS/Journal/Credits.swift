/// The credits ext4 asks for at each call site (fs/ext4/ext4_jbd2.h, inode.c, extents.c).
///
/// The sums mirror `ext4_meta_trans_blocks` for a depth-0 tree on a filesystem whose group
/// descriptors fit one block; the figures are the ones the 6.18 kernel printed in the corpus
/// (e.g. `ext4_journal_start_inode: blocks 30, rsv_blocks 18, type 2`). Leaves out the growth of
/// credits with tree depth and quota credits.
public enum Credits {
    /// `ext4_da_writepages_trans_blocks` (writeback handle, type 2).
    public static func writepages(depth: Int) -> Int { 30 + 3 * depth }
    /// `ext4_chunk_trans_extent` for the reserved conversion handle under dioread_nolock.
    public static func conversionReserve(depth: Int) -> Int { 18 + 3 * depth }
    /// `ext4_writepage_trans_blocks` (`ext4_write_begin` without delalloc, data=journal).
    public static func writeBegin(depth: Int) -> Int { 31 + depth }
    /// `ext4_dirty_inode`, `ext4_da_write_end`'s size update: 2.
    public static let inodeUpdate = 2
    /// `ext4_setattr` size change: 3.
    public static let setattr = 3
    /// `__ext4_new_inode` in a directory: 46.
    public static let newInode = 46
    /// `ext4_unlink`: `EXT4_DATA_TRANS_BLOCKS` = 20 (extents) + 6 (xattr) − 2, no quota.
    public static let unlink = 24
    /// `ext4_file_open` → `ext4_sample_last_mounted`: 1.
    public static let sampleLastMounted = 1
    /// `ext4_truncate`, `ext4_punch_hole`, `ext4_alloc_file_blocks`: `ext4_writepage_trans_blocks`.
    public static func truncate(depth: Int) -> Int { 30 + depth }
}
