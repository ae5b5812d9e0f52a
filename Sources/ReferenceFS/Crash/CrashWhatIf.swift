/// A `--what-if` switch of `crash`: one design choice of the iomap series (or of ext4's
/// buffer_head path) undone, so that a reviewer can see what it protects.
public enum CrashWhatIf: String, Sendable, CaseIterable, Hashable {
    /// The iomap path allocating **written** extents at writeback instead of unwritten ones:
    /// undoes `EXT4_GET_BLOCKS_IO_CREATE_EXT` in `ext4_iomap_map_one_extent` (series patch
    /// "ext4: implement writeback iomap path"), so there is no conversion at I/O completion and
    /// a commit between allocation and data completion maps the blocks written.
    case writtenAllocation = "written-allocation"
    /// `i_disksize` moved when the I/O is submitted instead of at its completion: undoes the
    /// series' move of the `i_disksize` update into `ext4_iomap_finish_ioend` (the way
    /// `mpage_map_and_submit_extent` does it on the buffer_head path).
    case disksizeAtSubmit = "disksize-at-submit"
    /// Partial-block zeroing (`ext4_block_truncate_page`, `ext4_zero_partial_blocks`) inside the
    /// running handle, as the buffer_head path's data=ordered zeroing is, instead of outside the
    /// transaction (series patch "ext4: zero post-EOF partial block outside the handle").
    /// The model tracks durability per block: the zeroed block holds this file's own data either
    /// way, so this switch can change no verdict (shown, not assumed: `crash` runs it).
    case zeroInTransaction = "zero-in-transaction"
    /// The buffer_head path without ordered data, as data=writeback: undoes
    /// `ext4_jbd2_inode_add_write` (from `ext4_map_blocks` for new written blocks) and jbd2's
    /// `journal_submit_data_buffers`/`journal_finish_inode_data_buffers` wait before the
    /// commit record.
    case noOrdered = "no-ordered"
}
