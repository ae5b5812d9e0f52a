import Glibc
import Testing
@testable import ReferenceFS

/// The models held to Linux 7.3-rc7 with the iomap series (v2) applied: pairs of captures of
/// one workload, one on the buffer_head path and one mounted `buffered_iomap`.
///
/// The captures are looked for under `$EXT4TRACE_KERNEL_CAPTURES` (a directory of `record`
/// outputs), else under `fixtures/`; every capture whose meta.json names a 7.3 kernel counts.
/// Without any the tests are skipped, saying so.
@Suite struct KernelIomapFidelityTests {
    static let root = getenv("EXT4TRACE_KERNEL_CAPTURES").map { String(cString: $0) } ?? Fixtures.root
    static let captures = KernelCapture.find(under: root, kernelPrefix: "7.3")
    static let iomapCaptures = captures.filter(\.isIomapPath)
    static let bufferHeadCaptures = captures.filter { !$0.isIomapPath }
    static let noCaptures = "no Linux 7.3 captures under $EXT4TRACE_KERNEL_CAPTURES or fixtures/"

    static let writeBegin = "ext4_iomap_buffered_write_begin"
    static let writebackRange = "ext4_iomap_map_writeback_range"

    static func rows(_ captures: [KernelCapture], _ path: any BufferedIOPath) throws -> [FidelityRow] {
        try captures.map { c in
            var row = try FidelityHarness.evaluate(captureDirectory: c.directory, path: path, checkInvariants: true,
                                                   events: KernelCaptures.events(c))
            row.capture = c.name
            return row
        }
    }

    static func journalAgrees(_ r: FidelityRow) -> Bool { r.handlesMatch && r.commitsMatch }

    /// What the iomap model achieves today on each capture of the corpus
    /// (`fixtures/iomap/<workload>/iomap`, branch `kernel`): extents exact (logical), journal
    /// agrees, every `ext4_iomap_*` event count and call exact. A capture that is present and
    /// falls below its floor fails; absent ones are not checked.
    static let iomapFloors: [String: (logical: Int, journal: Bool, events: Bool)] = [
        "append-fsync/iomap": (1, true, true), "falloc-write/iomap": (1, true, true),
        "overwrite/iomap": (1, true, true), "random-write/iomap": (1, true, true),
        "seq-write-1k/iomap": (1, true, true), "seq-write-4k/iomap": (1, true, true),
        "seq-write-64k/iomap": (1, true, true), "seq-write-1m/iomap": (1, true, true),
        "seq-write-10m/iomap": (1, true, true),
    ]
    /// The buffer_head model on the corpus's buffer_head captures: extents and journal exact.
    static let bufferHeadFloors: [String: (logical: Int, journal: Bool)] = [
        "append-fsync/bh": (1, true), "falloc-write/bh": (1, true), "overwrite/bh": (1, true),
        "random-write/bh": (1, true), "seq-write-4k/bh": (1, true), "seq-write-64k/bh": (1, true),
        "seq-write-1m/bh": (1, true), "seq-write-10m/bh": (1, true),
    ]

    /// The iomap model on captures of the iomap path itself: extents against debugfs, handles
    /// by type and commits against jbd2, and the series' own mapping events.
    @Test(.enabled(if: !iomapCaptures.isEmpty, "\(noCaptures) on the iomap path"))
    func iomapModel_onIomapCaptures_meetsTheTargets() throws {
        let rows = try Self.rows(Self.iomapCaptures, IomapPath())
        print(FidelityRow.iomapTableHeader)
        for r in rows { print(r.iomapTableLine) }
        let files = rows.reduce(0) { $0 + $1.files }, logical = rows.reduce(0) { $0 + $1.logicalExact }
        let journal = rows.filter(Self.journalAgrees).count
        let begins = rows.filter { $0.iomapEvents[Self.writeBegin]?.countMatches ?? false }.count
        let writeback = rows.filter { $0.iomapEvents[Self.writebackRange]?.countMatches ?? false }.count
        let scores = rows.flatMap { $0.iomapEvents.values }
        let compared = scores.reduce(0) { $0 + $1.compared }, equal = scores.reduce(0) { $0 + $1.matching }
        let physical = rows.reduce(0) { $0 + $1.physicalExact }
        print("iomap model on iomap captures: extents \(logical)/\(files) files (physical \(physical)); journal \(journal)/\(rows.count); write_begin counts \(begins)/\(rows.count); map_writeback_range counts \(writeback)/\(rows.count); ext4_iomap_* calls equal in every field \(equal)/\(compared)")
        // m_lblk, m_len, m_flags, orig_off, orig_len call by call: today every call compared agrees.
        #expect(equal * 100 >= compared * 95, "ext4_iomap_* calls equal: \(equal)/\(compared)")
        for r in rows {
            guard let floor = Self.iomapFloors[r.capture] else { continue }
            #expect(r.logicalExact >= floor.logical, "\(r.capture): extents regressed: \(r.iomapTableLine)")
            if floor.journal { #expect(Self.journalAgrees(r), "\(r.capture): journal regressed: \(r.iomapTableLine)") }
            let eventsExact = r.iomapEvents.values.allSatisfy { $0.exact }
            if floor.events { #expect(eventsExact, "\(r.capture): ext4_iomap_* regressed: \(r.iomapTableLine)") }
        }
        // Targets: extents ≥ 90 % of files; journal ≥ 80 %; both event counts ≥ 90 % of captures.
        #expect(logical * 10 >= files * 9, "extents exact for \(logical)/\(files) files")
        #expect(journal * 10 >= rows.count * 8, "journal agrees on \(journal)/\(rows.count) captures")
        #expect(begins * 10 >= rows.count * 9, "write_begin counts exact on \(begins)/\(rows.count)")
        #expect(writeback * 10 >= rows.count * 9, "map_writeback_range counts exact on \(writeback)/\(rows.count)")
    }

    /// A buffer_head capture replayed with `--model iomap` predicts the iomap capture of the
    /// same workload, and the reverse: the inputs do not depend on the path. Each prediction is
    /// scored against the other capture's kernel.
    @Test(.enabled(if: !KernelCapture.pairs(captures).isEmpty, "\(noCaptures) in buffer_head/iomap pairs"))
    func crossPath_eachCapturePredictsTheOtherPath() throws {
        let pairs = KernelCapture.pairs(Self.captures)
        var begins = 0, forwardJournal = 0, reverseJournal = 0, forwardFiles = 0, forwardExact = 0, reverseFiles = 0, reverseExact = 0
        print("| pair | iomap model from the bh capture: write_begin model/kernel, map_writeback_range, handles | bh model from the iomap capture: extents, handles |\n| --- | --- | --- |")
        for (bh, io) in pairs {
            let forward = try FidelityHarness.evaluate(captureDirectory: bh.directory, path: IomapPath(), truthDirectory: io.directory)
            let reverse = try FidelityHarness.evaluate(captureDirectory: io.directory, path: BufferHeadPath(), truthDirectory: bh.directory)
            let b = forward.iomapEvents[Self.writeBegin] ?? IomapEventScore()
            let w = forward.iomapEvents[Self.writebackRange] ?? IomapEventScore()
            if b.countMatches { begins += 1 }
            if Self.journalAgrees(forward) { forwardJournal += 1 }
            if Self.journalAgrees(reverse) { reverseJournal += 1 }
            forwardFiles += forward.files; forwardExact += forward.logicalExact
            reverseFiles += reverse.files; reverseExact += reverse.logicalExact
            print("| \(io.name.split(separator: "/").first.map(String.init) ?? io.name) | \(b.predicted)/\(b.kernel) (\(b.matching)/\(b.compared) equal), \(w.predicted)/\(w.kernel), \(forward.handlesColumn) | \(reverse.logicalExact)/\(reverse.files), \(reverse.handlesColumn) |")
        }
        print("cross-path over \(pairs.count) pairs: iomap from bh captures: write_begin counts \(begins), extents \(forwardExact)/\(forwardFiles), journal \(forwardJournal); bh from iomap captures: extents \(reverseExact)/\(reverseFiles), journal \(reverseJournal)")
        // Target: the iomap write_begin count predicted from buffer_head captures on ≥ 80 %.
        #expect(begins * 10 >= pairs.count * 8, "write_begin from bh captures: \(begins)/\(pairs.count)")
        // The other direction must predict the buffer_head kernel's extents as well.
        #expect(reverseExact * 10 >= reverseFiles * 9, "extents from iomap captures: \(reverseExact)/\(reverseFiles)")
    }

    /// The buffer_head model on 7.3's buffer_head path.
    @Test(.enabled(if: !bufferHeadCaptures.isEmpty, "\(noCaptures) on the buffer_head path"))
    func bufferHeadModel_on7_3_meetsTheTargets() throws {
        let rows = try Self.rows(Self.bufferHeadCaptures, BufferHeadPath())
        print(FidelityRow.tableHeader)
        for r in rows { print(r.tableLine) }
        let files = rows.reduce(0) { $0 + $1.files }, logical = rows.reduce(0) { $0 + $1.logicalExact }
        let journal = rows.filter(Self.journalAgrees).count
        print("buffer_head model on 7.3: extents \(logical)/\(files) files; journal \(journal)/\(rows.count)")
        for r in rows {
            guard let floor = Self.bufferHeadFloors[r.capture] else { continue }
            #expect(r.logicalExact >= floor.logical, "\(r.capture): extents regressed: \(r.tableLine)")
            if floor.journal { #expect(Self.journalAgrees(r), "\(r.capture): journal regressed: \(r.tableLine)") }
        }
        #expect(logical * 10 >= files * 9, "extents exact for \(logical)/\(files) files")
        #expect(journal * 10 >= rows.count * 8, "journal agrees on \(journal)/\(rows.count) captures")
    }
}
