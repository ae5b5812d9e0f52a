/// Enum constants that some kernels leave unresolved in print formats (no
/// `TRACE_DEFINE_ENUM`), so the format file names them instead of giving their values:
///
///     __print_symbolic((((REC->ioprio) >> 13) & (8 - 1)), { IOPRIO_CLASS_NONE, "none" }, ...)
///     __print_flags(REC->state, "|", {I_DIRTY_SYNC, "I_DIRTY_SYNC"}, ...)
///
/// The ioprio classes are user-space ABI (include/uapi/linux/ioprio.h) and never change. The
/// inode state bits are internal to the kernel (include/linux/fs.h, `enum inode_state_flags_t`)
/// and are given as Linux 6.18 defines them (checked against the corpus' own `trace` text); docs/trace-dat.md says so.
enum KnownConstants {
    static func value(of name: String) -> UInt64? { table[name] }

    static let table: [String: UInt64] = [
        "IOPRIO_CLASS_NONE": 0, "IOPRIO_CLASS_RT": 1, "IOPRIO_CLASS_BE": 2, "IOPRIO_CLASS_IDLE": 3,
        "IOPRIO_CLASS_INVALID": 7,
        "I_NEW": 1 << 0, "I_SYNC": 1 << 1, "I_LRU_ISOLATING": 1 << 2,     // bit 3 is reserved
        "I_DIRTY_SYNC": 1 << 4, "I_DIRTY_DATASYNC": 1 << 5, "I_DIRTY_PAGES": 1 << 6,
        "I_WILL_FREE": 1 << 7, "I_FREEING": 1 << 8, "I_CLEAR": 1 << 9, "I_REFERENCED": 1 << 10,
        "I_LINKABLE": 1 << 11, "I_DIRTY_TIME": 1 << 12, "I_WB_SWITCH": 1 << 13,
        "I_OVL_INUSE": 1 << 14, "I_CREATING": 1 << 15, "I_DONTCACHE": 1 << 16,
        "I_SYNC_QUEUED": 1 << 17, "I_PINNING_NETFS_WB": 1 << 18,
    ]
}
