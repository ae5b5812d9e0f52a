/// One way ext4 can run buffered I/O: how writes reserve and dirty, how writeback maps and
/// allocates, how partial blocks are zeroed. `BufferHeadPath` is the unpatched kernel's;
/// the iomap series and the delay-map proposal plug in as further conformers.
///
/// Everything that does not depend on the path (inode creation, fsync's commit, truncate's
/// extent removal, fallocate, eviction) lives on `Filesystem` and is shared.
public protocol BufferedIOPath: Sendable {
    /// The `--model` name: `buffer_head`, `iomap`, `delaymap`.
    var name: String { get }

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
}
