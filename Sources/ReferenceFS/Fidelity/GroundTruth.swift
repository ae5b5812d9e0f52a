import TraceParser

/// What the kernel really did, for scoring a replay: the on-disk extents debugfs listed after
/// unmount, and the journal's own statistics events. Never fed to the model.
public struct GroundTruth: Sendable, Equatable {
    /// Leaf extents per inode, as `debugfs -R "ex <ino>"` lists them.
    public var extents: [UInt64: [Extent]] = [:]
    /// The journal's own statistics events, counted as everywhere else (`JournalStatistics`).
    public var journal = JournalStatistics()
    /// The series' `ext4_iomap_*` events, by name, in trace order (an iomap-path capture).
    public var iomapCalls: [String: [IomapCall]] = [:]

    public init() {}

    /// Scoring only: the kernel's journal statistics and the series' mapping events, never
    /// given to the model.
    public mutating func note(_ e: TraceEvent) {
        if IomapCall.eventNames.contains(e.name), let call = IomapCall(kernel: e) { iomapCalls[e.name, default: []].append(call) }
        journal.note(e)
    }

    /// Parses extents.txt: `== inode 12` headers, then debugfs `ex` lines; index lines (level
    /// below depth) are skipped, `Uninit` marks unwritten leaves.
    ///
    ///     == inode 12
    ///     Level Entries       Logical        Physical Length Flags
    ///      0/ 1   1/  1     1 -   258  33025             258
    ///      1/ 1   1/  5     1 -     2  33281 -  33282      2 Uninit
    public static func parseExtents(_ text: String, file: String = "extents.txt") throws(ModelError) -> [UInt64: [Extent]] {
        var out: [UInt64: [Extent]] = [:]
        for leaf in try parseExtentLeaves(text, file: file) {
            out[leaf.ino, default: []].append(contentsOf: leaf.extent.map { [$0] } ?? [])
        }
        return out
    }

    /// One `== inode N` header (`extent` nil: an inode, perhaps without extents) or leaf extent
    /// of debugfs `ex` output, with its line number.
    public struct ExtentLeaf: Sendable, Equatable {
        public var ino: UInt64
        public var extent: Extent?
        public var line: Int
    }

    /// The inodes and leaf extents of debugfs `ex` output, in file order.
    public static func parseExtentLeaves(_ text: String, file: String = "extents.txt") throws(ModelError) -> [ExtentLeaf] {
        var out: [ExtentLeaf] = []
        var current: UInt64?
        var lineNo = 0
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNo += 1
            let line = raw.trimmingSpaces()
            if line.hasPrefix("== inode ") {
                guard let ino = UInt64(line.dropFirst(9).prefix { $0.isNumber }) else {
                    throw ModelError(.groundTruth, file: file, line: lineNo, "bad inode header: \(line)")
                }
                current = ino
                out.append(ExtentLeaf(ino: ino, extent: nil, line: lineNo))
                continue
            }
            guard let ino = current, let first = line.first, first.isNumber else { continue }
            // "1/ 1   1/  5     1 -     2  33281 -  33282      2 Uninit"
            let tokens = line.split(whereSeparator: { $0 == " " || $0 == "/" || $0 == "-" }).map(String.init)
            guard tokens.count >= 7, let level = Int(tokens[0]), let depth = Int(tokens[1]) else {
                throw ModelError(.groundTruth, file: file, line: lineNo, "not a debugfs extent line: \(line)")
            }
            guard level == depth else { continue }
            guard tokens.count >= 8, let lstart = UInt32(tokens[4]), let pstart = UInt64(tokens[6]),
                  let len = UInt32(tokens[8 - (tokens.count >= 9 ? 0 : 1)]) else {
                throw ModelError(.groundTruth, file: file, line: lineNo, "not a debugfs leaf line: \(line)")
            }
            out.append(ExtentLeaf(ino: ino, extent: Extent(logicalBlock: lstart, lengthBlocks: len, physicalBlock: pstart,
                                                           isUnwritten: line.hasSuffix("Uninit")), line: lineNo))
        }
        return out
    }
}
