/// One way ext4 can run buffered I/O: how writes reserve and dirty, how writeback maps and
/// allocates, how partial blocks are zeroed. `BufferHeadPath` is the unpatched kernel's;
/// the iomap series and the delay-map proposal plug in as further conformers.
///
/// Everything that does not depend on the path (inode creation, fsync's commit, truncate's
/// extent removal, fallocate, eviction) lives on `Filesystem` and is shared.
public protocol BufferedIOPath: Sendable {
    /// The `--model` name: `buffer_head`, `iomap`, `delaymap`.
    var name: String { get }

    /// Whether the path maps whole writes (`bufferedWrite`) instead of replaying a
    /// buffer_head capture's per-folio `write_begin`/`write_end` events.
    func takesWholeWrites(_ fs: Filesystem) -> Bool
    /// One whole buffered write(2) of `count` bytes at `pos`.
    func bufferedWrite(_ fs: inout Filesystem, ino: UInt64, pos: UInt64, count: UInt64, ctx: OperationContext)
    /// A buffered write's per-folio begin (`->write_begin`).
    func writeBegin(_ fs: inout Filesystem, ino: UInt64, pos: UInt64, len: UInt64, ctx: OperationContext)
    /// A buffered write's per-folio end (`->write_end`): size updates.
    func writeEnd(_ fs: inout Filesystem, ino: UInt64, pos: UInt64, copied: UInt64, ctx: OperationContext)
    /// `->writepages`.
    func writepages(_ fs: inout Filesystem, ino: UInt64, request: WritebackRequest, ctx: OperationContext)
    /// A folio read (`->read_folio`, readahead).
    func readFolio(_ fs: inout Filesystem, ino: UInt64, index: UInt64, ctx: OperationContext)
    /// Zeroing of the partial block at a new end of file or range edge
    /// (`ext4_block_truncate_page`, `ext4_zero_partial_blocks`).
    func zeroPartialBlock(_ fs: inout Filesystem, ino: UInt64, at offset: UInt64, ctx: OperationContext)
    /// Zeroing `length` bytes from `from`, within one block: a punch or zero range's partial
    /// head or tail (`ext4_zero_partial_blocks` → `ext4_block_zero_page_range`).
    func zeroBlockRange(_ fs: inout Filesystem, ino: UInt64, from: UInt64, length: UInt64, ctx: OperationContext)
    /// A write fault on a shared mapping dirtying `pos..<pos+length` (`->page_mkwrite`).
    func pageMkwrite(_ fs: inout Filesystem, ino: UInt64, pos: UInt64, length: UInt64, ctx: OperationContext)
    /// Whether data=ordered applies to the inode's data (`ext4_should_order_data`).
    func ordersData(_ fs: Filesystem) -> Bool
}

extension BufferedIOPath {
    public func ordersData(_ fs: Filesystem) -> Bool { true }

    /// `ext4_page_mkwrite` on a per-folio path: with delalloc `block_page_mkwrite` →
    /// `ext4_da_get_block_prep` reserves the folio's holes and dirties it, as a write of the
    /// folio would, without moving `i_size`. Leaves out the non-delalloc and data=journal
    /// branches' handles (modelled as that write's).
    public func pageMkwrite(_ fs: inout Filesystem, ino: UInt64, pos: UInt64, length: UInt64, ctx: OperationContext) {
        guard length > 0 else { return }
        writeBegin(&fs, ino: ino, pos: pos, len: length, ctx: ctx)
        writeEnd(&fs, ino: ino, pos: pos, copied: min(length, fs[ino].sizeBytes > pos ? fs[ino].sizeBytes - pos : 0), ctx: ctx)
    }

    /// The block holding the range is zeroed and dirtied as at a new EOF: only whether it is
    /// touched matters to a per-block path.
    public func zeroBlockRange(_ fs: inout Filesystem, ino: UInt64, from: UInt64, length: UInt64, ctx: OperationContext) {
        zeroPartialBlock(&fs, ino: ino, at: from % fs.blockSize != 0 ? from : from + length, ctx: ctx)
    }

    /// Per-folio paths replay the capture's own `write_begin`/`write_end` events when it has
    /// them.
    public func takesWholeWrites(_ fs: Filesystem) -> Bool { false }

    /// A whole write as `generic_perform_write` runs it on a per-folio path: one
    /// `->write_begin`/`->write_end` per page-sized chunk, as 7.3's buffer_head path does
    /// (its `ext4_da_write_begin` events ask for at most 4096 bytes each). Used when the capture
    /// shows only the whole write (an iomap-path capture). Leaves out large folios and short
    /// copies.
    public func bufferedWrite(_ fs: inout Filesystem, ino: UInt64, pos: UInt64, count: UInt64, ctx: OperationContext) {
        var offset = pos
        let end = pos + count
        while offset < end {
            let chunk = min(4096 - offset % 4096, end - offset)
            writeBegin(&fs, ino: ino, pos: offset, len: chunk, ctx: ctx)
            writeEnd(&fs, ino: ino, pos: offset, copied: chunk, ctx: ctx)
            offset += chunk
        }
    }
}
