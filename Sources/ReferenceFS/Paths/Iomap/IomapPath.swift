/// How the iomap buffered I/O path writes back delayed extents.
public enum WritebackScheme: String, Sendable, CaseIterable {
    /// The series as posted (v2, "ext4: implement writeback iomap path"): allocate unwritten
    /// extents under an `EXT4_HT_WRITE_PAGE` handle in `ext4_iomap_map_writeback_range`, convert
    /// them and move i_disksize in an `EXT4_HT_EXT_CONVERT` handle at I/O completion.
    case iomap
    /// The reviewers' delay-map proposal: reserve an inode preallocation at writeback (no
    /// handle, no extent change), then insert written extents and move i_disksize in one handle
    /// at I/O completion.
    case delaymap
}

/// What the iomap paths remember per inode beyond the shared model: the write being gathered,
/// the page cache's folio sizes, and the extent-status sequence counter.
public struct IomapInodeState: Sendable, Equatable {
    /// The byte range of the write(2) the last `->write_begin` belonged to: the buffer_head
    /// events the model replays come once per folio, each asking for the rest of the write.
    public var currentWrite: Range<UInt64>? = nil
    /// Folios in the page cache: first page → pages (iomap allocates large folios).
    public var folios: [UInt64: UInt64] = [:]
    /// `EXT4_I(inode)->i_es_seq`, bumped by every extent-status change the iomap paths make.
    public var esSeq: UInt64 = 0

    public init() {}
}

/// ext4's buffered I/O with the iomap series applied (`--model iomap`) or the delay-map
/// proposal (`--model delaymap`).
///
/// Mirrors fs/ext4/file.c, inode.c and page-io.c of "[PATCH -next v2] ext4: use iomap for
/// regular file's buffered I/O path" (docs/iomap-series.md) and fs/iomap/buffered-io.c of 6.18.
/// Leaves out: short writes, stale-mapping revalidation (`ext4_iomap_valid`, including the
/// re-map after an I/O completion converts under a running writeback), mmap writes on a
/// buffer_head capture (no event shows them; an iomap capture's write faults are replayed),
/// readahead windows, `DISKSIZE_GROW_PENDING` (v5+).
public struct IomapPath: BufferedIOPath {
    public let scheme: WritebackScheme
    public var name: String { scheme.rawValue }

    public init(scheme: WritebackScheme = .iomap) { self.scheme = scheme }

    /// `ext4_chunk_trans_blocks(inode, n)`: on 6.18 the index estimate assumes the worst tree
    /// depth, so it does not grow with `n`; it is what `ext4_da_writepages_trans_blocks` asks.
    static func chunkCredits(_ g: Geometry) -> Int { Credits.metaTransBlocks(g) }

    /// Whether the inode stays on the buffer_head path: `ext4_enable_buffered_iomap` ("ext4:
    /// partially enable iomap for the buffered I/O path of regular files", "introduce a mount
    /// option") leaves it there under data=journal, on a filesystem with inline_data, verity or
    /// encrypt, for a non-extent inode, and with `nobuffered_iomap`. Leaves out the per-inode
    /// `JOURNAL_DATA` flag and EA inodes (no event shows them).
    func fallsBack(_ fs: Filesystem) -> Bool {
        fs.options.data == .journal || fs.options.bufferedIomap == false || fs.geometry.keepsBufferHead
    }

    static let iomapWrite: UInt32 = 0x1
    static let iomapZero: UInt32 = 0x2
    static let iomapFault: UInt32 = 0x8
    /// `IOMAP_F_DIRTY`, which `iomap_add_to_ioend` prints as `flags DIRTY (0x2)`.
    static let ioendDirty: UInt64 = 0x2
    /// `IOMAP_F_NEW`: `flags NEW (0x1)`.
    static let ioendNew: UInt64 = 0x1
    /// ext4's largest page-cache folio on this kernel, in pages (1 MiB: the 1 MiB-write captures
    /// release 16 folios for 16 MiB).
    static let maxFolioPages: UInt64 = 256

    /// The largest folio `iomap_get_folio` gets for an ext4 iomap inode, in pages. 7.3-rc7 with
    /// the series writes back 4 KiB folios only (`iomap_writeback_folio` length 0x1000 for
    /// 16 KiB and 256 KiB writes alike: the mapping has no large-folio order); before it the
    /// model assumed what 6.18's buffer_head ext4 uses.
    static func maxFolioPages(_ kernel: KernelRelease) -> UInt64 { kernel >= .linux7_3 ? 1 : maxFolioPages }
}
