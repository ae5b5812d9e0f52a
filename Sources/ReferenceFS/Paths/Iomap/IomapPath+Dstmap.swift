import TraceParser

extension IomapPath {
    /// `IOMAP_*` types and flags (include/linux/iomap.h) as `iomap_iter_dstmap` carries them.
    static let iomapTypeHole: UInt64 = 0, iomapTypeDelalloc: UInt64 = 1, iomapTypeMapped: UInt64 = 2,
               iomapTypeUnwritten: UInt64 = 3
    static let iomapFlagNew: UInt64 = 0x1, iomapFlagDirty: UInt64 = 0x2
    /// `IOMAP_NULL_ADDR`: no disk address (a hole or delayed blocks).
    static let iomapNullAddr = UInt64.max

    /// `iomap_iter_dstmap` (fs/iomap/trace.h, from `iomap_iter` after each `->iomap_begin`): the
    /// mapping the series' `ext4_set_iomap` built from one `ext4_map_blocks` answer — offset and
    /// length of the blocks in bytes, type from `mapFlags` (delayed → DELALLOC, unwritten →
    /// UNWRITTEN, mapped → MAPPED, else HOLE), `NEW` for fresh blocks, `DIRTY` for new or
    /// delayed blocks and for zeroing. Leaves out `DIRTY` from an inode whose metadata is
    /// otherwise dirty (`ext4_inode_datasync_dirty`), which the model does not track.
    func emitDstmap(_ fs: inout Filesystem, ino: UInt64, lblk: UInt64, len: UInt64, mapFlags: UInt32,
                    physical: UInt64?, dirty: Bool = false, ctx: OperationContext) {
        let bs = fs.blockSize
        let type: UInt64
        if mapFlags & MappedFlags.delayed != 0 { type = Self.iomapTypeDelalloc }
        else if mapFlags & MappedFlags.unwritten != 0 { type = Self.iomapTypeUnwritten }
        else if mapFlags & MappedFlags.mapped != 0 { type = Self.iomapTypeMapped }
        else { type = Self.iomapTypeHole }
        let isNew = mapFlags & MappedFlags.new != 0
        var flags: UInt64 = isNew ? Self.iomapFlagNew : 0
        if isNew || dirty || type == Self.iomapTypeDelalloc { flags |= Self.iomapFlagDirty }
        let hasAddress = type == Self.iomapTypeMapped || type == Self.iomapTypeUnwritten
        let addr = hasAddress ? (physical ?? 0) * bs : Self.iomapNullAddr
        let device = fs.device
        fs.emit("iomap", "iomap_iter_dstmap", ctx,
                [EventField("ino", .uint(ino)), EventField("bdev", .string(device)), EventField("addr", .uint(addr)),
                 EventField("offset", .uint(lblk * bs)), EventField("length", .uint(len * bs)),
                 EventField("type", .uint(type)), EventField("flags", .uint(flags))])
    }
}
