import TraceParser

extension IomapPath {
    /// Runs `body` inside one handle of this path (`ext4_journal_start` … `ext4_journal_stop`
    /// through `Filesystem.withJournalHandle`).
    func withHandle(_ fs: inout Filesystem, _ type: HandleType, credits: Int, dirtying blocks: [MetadataBlock],
                    ino: UInt64, caller: String, ctx: OperationContext, _ body: (inout Filesystem) -> Void = { _ in }) {
        fs.withJournalHandle(type, credits: credits, ino: ino, caller: caller, dirtying: blocks, ctx: ctx) { fs, _ in body(&fs) }
    }

    /// An event of the series' `ext4_set_iomap_class` (patch "ext4: add block mapping
    /// tracepoints for iomap buffered I/O path"), with the v2 `TP_STRUCT` field names
    /// (`offset`/`length`, printed as `orig_off`/`orig_len`) and `m_flags` as
    /// `show_mflags()` prints it:
    ///
    ///     ext4_iomap_buffered_write_begin: dev 7:0 ino 12 m_lblk 0 m_len 1 m_flags 0x100 m_seq 1 orig_off 0x0 orig_len 0x1000 iomap_flags 0x1
    func emitSetIomap(_ fs: inout Filesystem, _ name: String, ino: UInt64, lblk: UInt64, len: UInt64, mapFlags: UInt32,
                      seq: UInt64, offset: UInt64, length: UInt64, iomapFlags: UInt32, _ ctx: OperationContext) {
        fs.emit("ext4", name, ctx, [
            EventField("ino", .uint(ino)), EventField("m_lblk", .uint(lblk)), EventField("m_len", .uint(len)),
            EventField("m_flags", .string(MappedFlags.text(mapFlags))), EventField("m_seq", .uint(seq)),
            EventField("offset", .int(Int64(truncatingIfNeeded: offset))),
            EventField("length", .int(Int64(truncatingIfNeeded: length))),
            EventField("iomap_flags", .uint(UInt64(iomapFlags))),
        ])
    }
}
