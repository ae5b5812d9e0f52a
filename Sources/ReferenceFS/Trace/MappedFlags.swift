/// The `m_flags` of an `ext4_map_blocks` answer (`EXT4_MAP_*`, fs/ext4/ext4.h), as the
/// mapping tracepoints print them.
public enum MappedFlags {
    public static let new: UInt32 = 1 << 5
    public static let mapped: UInt32 = 1 << 4
    public static let unwritten: UInt32 = 1 << 11
    public static let boundary: UInt32 = 1 << 9
    public static let delayed: UInt32 = 1 << 8

    /// `show_mflags()` of this kernel: N, M, U, B, then leftover bits in hex the way
    /// `trace_print_flags_seq` prints them (`EXT4_MAP_DELAYED` has no letter: `0x100`); a
    /// hole prints nothing.
    public static func text(_ flags: UInt32) -> String {
        var out = ""
        var rest = flags
        for (bit, letter) in [(new, "N"), (mapped, "M"), (unwritten, "U"), (boundary, "B")] where rest & bit != 0 {
            out += letter
            rest &= ~bit
        }
        if rest != 0 { out += "0x" + String(rest, radix: 16) }
        return out
    }
}
