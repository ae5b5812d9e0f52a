import TraceParser

/// The one allow-list of events the model may read: what the workload and the VFS asked of
/// ext4. Everything that shows ext4's own decisions (map_blocks exits, extent-status inserts,
/// mballoc, journal starts, jbd2, block I/O, `ext4_da_write_pages*`, `ext4_writepages_result`,
/// the series' `ext4_iomap_*` mappings, `iomap_iter_dstmap`/`srcmap`, writeback folios and
/// ioends) is refused before decoding, so a trace stripped of them replays identically.
///
/// `iomap_iter` is admitted because its first iteration of a write is the only event an
/// iomap-path capture has of the write itself (which inode, where); the Replayer reads only
/// that first iteration of a buffered write (see `Replayer.startsBufferedWrite`), never the
/// later ones, whose lengths are the mappings ext4 returned.
public enum ModelInput {
    /// Exact event names the model reads.
    public static let allowedNames: Set<String> = [
        "ext4_da_write_begin", "ext4_da_write_end", "ext4_write_begin", "ext4_write_end",
        "ext4_journalled_write_end", "ext4_sync_file_enter", "ext4_sync_file_exit", "ext4_sync_fs",
        "ext4_writepages", "ext4_truncate_enter", "ext4_truncate_exit", "ext4_fallocate_enter",
        "ext4_fallocate_exit", "ext4_punch_hole", "ext4_zero_range", "ext4_collapse_range",
        "ext4_insert_range", "ext4_unlink_enter", "ext4_unlink_exit", "ext4_evict_inode",
        "ext4_drop_inode", "ext4_free_inode", "ext4_request_inode", "ext4_allocate_inode",
        "ext4_load_inode", "ext4_read_folio", "ext4_invalidate_folio", "ext4_release_folio",
        "iomap_dio_rw_begin", "iomap_dio_complete", "iomap_readahead", "iomap_readpage",
        "iomap_iter",
    ]

    /// Whether the model may read `event`: an allowed ext4/iomap event, a `writeback:` event,
    /// or a syscall.
    @inlinable public static func allows(_ event: TraceEvent) -> Bool {
        allows(system: event.system, name: event.name)
    }

    /// The same test on an event's system and name, before it is decoded
    /// (`TraceReadOptions.decodeFieldsOf`).
    @inlinable public static func allows(system: String, name: String) -> Bool {
        if system == "writeback" || system == "syscalls" { return true }
        if name.hasPrefix("sys_enter_") || name.hasPrefix("sys_exit_") { return true }
        return allowedNames.contains(name)
    }
}
