/// What the guest's kernel console (vng `-v`, on stderr) says about how the guest ended.
///
///     [   19.712537] Kernel panic - not syncing: sysrq triggered crash
///     [   19.716095] CPU: 1 UID: 0 PID: 116 Comm: sh Not tainted 7.3.0-rc7+ #2 PREEMPT(lazy)
///     [   19.718837] RIP: 0033:0x7ff290251350
struct GuestConsole {
    var lines: [Substring]

    /// The serial console ends its lines with CR LF — one `Character` in Swift, so the split is
    /// on either; the guest command's own stderr ends them with LF.
    init(_ text: String) {
        lines = text.split(omittingEmptySubsequences: true) { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }
    }

    /// The lines that tell why the kernel died: `BUG:`, `Oops:`, `RIP:` and `Kernel panic`,
    /// without their timestamps; empty when it did not panic.
    var panicLines: [String] {
        guard lines.contains(where: { $0.contains("Kernel panic") }) else { return [] }
        let markers = ["Kernel panic", "BUG:", "Oops:", "RIP:"]
        return lines.filter { line in markers.contains { line.contains($0) } }
            .map { String(Self.strippingTimestamp($0)) }
    }

    /// What the guest's command wrote to stderr (`record: ...`): the lines after virtme-ng's init
    /// first spoke (`virtme-ng-init: ...`; the kernel command line names it earlier) that are
    /// neither kernel messages (`[    3.41] ...`) nor the init's own. (Before
    /// it, the boot decompressor prints bare lines too: `Decompressing Linux... done.`)
    var commandLines: [String] {
        let start = lines.firstIndex { $0.contains("virtme-ng-init: ") } ?? lines.startIndex
        return lines[start...].filter { !$0.hasPrefix("[") && !$0.contains("virtme-ng-init: ") }.map(String.init)
    }

    static func strippingTimestamp(_ line: Substring) -> Substring {
        guard line.hasPrefix("["), let close = line.firstIndex(of: "]") else { return line }
        return line[line.index(after: close)...].drop(while: { $0 == " " })
    }
}
