/// The irq-flags ("latency format") column between `[CPU]` and the timestamp, as the kernel's
/// `trace_print_lat_fmt()` (kernel/trace/trace_output.c) prints it, and as `trace-cmd report -l`
/// prints it after the CPU number (libtraceevent's `data_latency_format()`):
///
///     ext4trace-107 [000] .l...     8.338485: ext4_writepages_result: ...     (7.3, lazy preemption)
///     kworker/u8:2-41 [001] dNh2.  12.000001: block_rq_complete: ...
///     corpus:   xfs_io-3447    0.....  2025.835764: ext4_...               (trace-cmd report -l)
///
/// One character per column, left to right:
/// 1. irqs-off: `d` irqs off, `D` irqs and bottom halves off, `b` bottom halves off, `X` the
///    architecture cannot tell (kernels before 6.13 printed it for TRACE_FLAG_IRQS_NOSUPPORT),
///    `.` none;
/// 2. need-resched, from TRACE_FLAG_NEED_RESCHED, TRACE_FLAG_NEED_RESCHED_LAZY and
///    TRACE_FLAG_PREEMPT_RESCHED: `B` all three, `N` need-resched + preempt-resched, `L` lazy +
///    preempt-resched, `b` need-resched + lazy, `n` need-resched, `l` lazy (6.13 and later),
///    `p` preempt-resched, `.` none; `P` is accepted too (older RT kernels);
/// 3. hardirq/softirq: `Z` NMI inside a hard irq, `z` NMI, `H` hard irq inside a softirq,
///    `h` hard irq, `s` softirq, `.` none;
/// 4. preempt depth: `preempt_count & 0xf` in hex, `.` for 0;
/// 5. migrate-disable depth: `(preempt_count >> 4) & 0xf` in hex, `.` for 0 (absent before 5.13);
/// 6.–8. further depth columns some libtraceevent versions add (lock depth), hex or `.`.
enum LatencyFlags {
    /// Whether `b[r]` is a whole irq-flags column: 3 to 8 characters, each one the kernel can
    /// print in its position.
    static func isColumn(_ b: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> Bool {
        guard r.count >= 3, r.count <= 8 else { return false }
        for (position, p) in r.enumerated() where !isAllowed(b[p], inColumn: position) {
            return false
        }
        return true
    }

    /// Whether `c` can appear in column `position` (0-based) of the flags.
    @inline(__always)
    static func isAllowed(_ c: UInt8, inColumn position: Int) -> Bool {
        if c == UInt8(ascii: ".") { return true }
        switch position {
        case 0:
            switch c {
            case UInt8(ascii: "d"), UInt8(ascii: "D"), UInt8(ascii: "b"), UInt8(ascii: "X"): return true
            default: return false
            }
        case 1:
            switch c {
            case UInt8(ascii: "B"), UInt8(ascii: "N"), UInt8(ascii: "L"), UInt8(ascii: "b"),
                 UInt8(ascii: "n"), UInt8(ascii: "l"), UInt8(ascii: "p"), UInt8(ascii: "P"): return true
            default: return false
            }
        case 2:
            switch c {
            case UInt8(ascii: "Z"), UInt8(ascii: "z"), UInt8(ascii: "H"), UInt8(ascii: "h"), UInt8(ascii: "s"): return true
            default: return false
            }
        default:
            return ByteScan.isDigit(c) || (c >= UInt8(ascii: "a") && c <= UInt8(ascii: "f"))
        }
    }
}
