/// An event laid out as a `trace-cmd report` line:
///
///     corpus:           xfs_io-3603  [000]  2027.501612: ext4_journal_start_sb: dev 7,1 blocks 46, ...
///     corpus:      ksoftirqd/1-22    [001]  2027.501510: block_rq_complete:    7,1 RM () 67848 + 8 be,0,4 [0]
///
/// instance prefix, comm right-aligned to 16, pid left-aligned to 5, CPU in 3 digits, time in
/// microseconds (rounded, as trace-cmd and the kernel print it), `name:` left-aligned to 21,
/// then the body: the print format's text when the reader rendered it (`printedBody`, from a
/// trace.dat), otherwise the fields as `name=value`.
public enum TraceCmdReportLine {
    public static func render(_ e: TraceEvent) -> String {
        var line = e.instance.map { $0 + ": " } ?? ""
        line += leftPad(e.comm, 16) + "-" + rightPad(String(e.pid), 5)
        var cpu = String(e.cpu)
        while cpu.count < 3 { cpu = "0" + cpu }
        line += " [" + cpu + "] " + leftPad(microseconds(e), 12) + ": "
        line += rightPad(e.name + ":", 21) + " "
        line += e.printedBody ?? e.fields.map { "\($0.name)=\($0.value)" }.joined(separator: " ")
        return line
    }

    /// `2027.501612`: seconds with six digits, rounded to the nearest microsecond.
    static func microseconds(_ e: TraceEvent) -> String {
        let us = e.timestampDigits >= 6 ? (e.timestampNs + 500) / 1000 : e.timestampNs / 1000
        var frac = String(us % 1_000_000)
        while frac.count < 6 { frac = "0" + frac }
        return "\(us / 1_000_000).\(frac)"
    }

    static func leftPad(_ s: String, _ width: Int) -> String {
        s.count >= width ? s : String(repeating: " ", count: width - s.count) + s
    }

    static func rightPad(_ s: String, _ width: Int) -> String {
        s.count >= width ? s : s + String(repeating: " ", count: width - s.count)
    }
}
