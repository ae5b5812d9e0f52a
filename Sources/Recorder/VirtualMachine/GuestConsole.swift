/// What the guest's kernel console (vng `-v`, on stderr) says about how the guest ended.
///
///     [   12.345678] Kernel panic - not syncing: Fatal exception in interrupt
///     [   12.340001] BUG: kernel NULL pointer dereference, address: 0000000000000008
///     [   12.340002] Oops: int3: 0000 [#1] SMP NOPTI
struct GuestConsole {
    var lines: [Substring]

    init(_ text: String) {
        lines = text.split(separator: "\n", omittingEmptySubsequences: true)
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
    /// started that are neither kernel messages (`[    3.41] ...`) nor the init's own. (Before
    /// it, the boot decompressor prints bare lines too: `Decompressing Linux... done.`)
    var commandLines: [String] {
        let start = lines.firstIndex { $0.contains("virtme-ng-init") } ?? lines.startIndex
        return lines[start...].filter { !$0.hasPrefix("[") && !$0.contains("virtme-ng-init") }.map(String.init)
    }

    static func strippingTimestamp(_ line: Substring) -> Substring {
        guard line.hasPrefix("["), let close = line.firstIndex(of: "]") else { return line }
        return line[line.index(after: close)...].drop(while: { $0 == " " })
    }
}
