extension KernelFormats {
    /// The tracepoints added by the series "ext4: use iomap for regular file's buffered I/O
    /// path" (patch "add block mapping tracepoints for iomap buffered I/O path"). They share one
    /// event class whose print format is
    ///
    ///     dev %d:%d ino %lu m_lblk %u m_len %u m_flags %s m_seq %llu orig_off 0x%llx
    ///     orig_len 0x%llx iomap_flags 0x%x
    ///
    /// The offsets below are those of the class's TP_STRUCT on x86_64, and so are the names:
    /// v2's struct calls the printed `orig_off`/`orig_len` fields `offset` and `length`
    /// (fixtures/iomap/formats, from the series' kernel). A trace.dat from a patched kernel
    /// carries its own formats, which take precedence.
    static let iomapSeriesText: String = {
        let names = ["ext4_iomap_buffered_read_begin", "ext4_iomap_buffered_write_begin",
                     "ext4_iomap_map_writeback_range", "ext4_iomap_zero_begin"]
        return names.enumerated().map { i, name in
            """
            ### ext4/\(name)
            name: \(name)
            ID: \(60000 + i)
            format:
            \tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;
            \tfield:unsigned char common_flags;\toffset:2;\tsize:1;\tsigned:0;
            \tfield:unsigned char common_preempt_count;\toffset:3;\tsize:1;\tsigned:0;
            \tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;

            \tfield:dev_t dev;\toffset:8;\tsize:4;\tsigned:0;
            \tfield:ino_t ino;\toffset:16;\tsize:8;\tsigned:0;
            \tfield:ext4_lblk_t m_lblk;\toffset:24;\tsize:4;\tsigned:0;
            \tfield:unsigned int m_len;\toffset:28;\tsize:4;\tsigned:0;
            \tfield:unsigned int m_flags;\toffset:32;\tsize:4;\tsigned:0;
            \tfield:u64 m_seq;\toffset:40;\tsize:8;\tsigned:0;
            \tfield:loff_t offset;\toffset:48;\tsize:8;\tsigned:1;
            \tfield:loff_t length;\toffset:56;\tsize:8;\tsigned:1;
            \tfield:unsigned int iomap_flags;\toffset:64;\tsize:4;\tsigned:0;

            print fmt: "dev %d:%d ino %lu m_lblk %u m_len %u m_flags %s m_seq %llu orig_off 0x%llx orig_len 0x%llx iomap_flags 0x%x", ((unsigned int) ((REC->dev) >> 20)), ((unsigned int) ((REC->dev) & ((1U << 20) - 1))), (unsigned long) REC->ino, REC->m_lblk, REC->m_len, __print_flags(REC->m_flags, "", { ((((1UL))) << (5)), "N" }, { ((((1UL))) << (4)), "M" }, { ((((1UL))) << (11)), "U" }, { ((((1UL))) << (9)), "B" }), REC->m_seq, REC->offset, REC->length, REC->iomap_flags

            """
        }.joined()
    }()
}
