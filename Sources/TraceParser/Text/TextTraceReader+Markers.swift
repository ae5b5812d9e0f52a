extension TextTraceReader {
    /// `# entries-in-buffer/entries-written: 3359/3359   #P:2` gives the CPU count; other
    /// comment lines are the column legend.
    func noteHeaderComment(_ b: UnsafeBufferPointer<UInt8>) {
        if let p = ByteScan.find(Self.cpuCountMarker, in: b, from: 0) {
            if let (v, _) = ByteScan.parseNumber(b, at: p + Self.cpuCountMarker.count, hex: false), let c = v.uint, c < 1 << 16 {
                diagnostics.cpus = Int(c)
            }
        }
    }

    /// Lines that start at column 0 without being events: `cpus=N`, `CPU:N [LOST M EVENTS]`,
    /// `CPU:N [M EVENTS DROPPED]`, `CPU N is empty`, `version = 7`. Returns true when handled.
    func noteSpecialLine(_ b: UnsafeBufferPointer<UInt8>, number: Int) -> Bool {
        if ByteScan.hasPrefix(b, at: 0, Self.cpusEquals) {
            if let (v, end) = ByteScan.parseNumber(b, at: Self.cpusEquals.count, hex: false), let c = v.uint,
               c < 1 << 16, ByteScan.isBlank(b, from: end) {
                diagnostics.cpus = Int(c)
                return true
            }
            return false
        }
        if ByteScan.hasPrefix(b, at: 0, Self.cpuColon) {
            // CPU:N [LOST M EVENTS] / CPU:N [M EVENTS DROPPED] / CPU:N [EVENTS DROPPED]
            guard let open = ByteScan.find(0x5B, in: b, from: 0) else { return false }
            let rest = UnsafeBufferPointer(rebasing: b[(open + 1)...])
            if ByteScan.hasPrefix(rest, at: 0, Self.lost), let (v, _) = ByteScan.parseNumber(rest, at: Self.lost.count, hex: false) {
                diagnostics.lostEvents += Int(clamping: v.uint ?? 0)
                diagnostics.lostEventMarkers += 1
                return true
            }
            if ByteScan.find(Self.dropped, in: rest, from: 0) != nil {
                if let (v, _) = ByteScan.parseNumber(rest, at: 0, hex: false) {
                    diagnostics.lostEvents += Int(clamping: v.uint ?? 0)
                }
                diagnostics.lostEventMarkers += 1
                return true
            }
            return false
        }
        if ByteScan.hasPrefix(b, at: 0, Self.cpuSpace), ByteScan.find(Self.isEmpty, in: b, from: 0) != nil { return true }
        if ByteScan.hasPrefix(b, at: 0, Self.version) { return true }
        return false
    }

    static let cpuCountMarker = Array("#P:".utf8)
    static let cpusEquals = Array("cpus=".utf8)
    static let cpuColon = Array("CPU:".utf8)
    static let cpuSpace = Array("CPU ".utf8)
    static let lost = Array("LOST ".utf8)
    static let dropped = Array("EVENTS DROPPED]".utf8)
    static let isEmpty = Array(" is empty".utf8)
    static let version = Array("version = ".utf8)
}
