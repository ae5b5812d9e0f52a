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
            var row = try FidelityHarness.evaluate(captureDirectory: c.directory, path: path, checkInvariants: true)
            row.capture = c.name
            return row
        }
    }

    static func journalAgrees(_ r: FidelityRow) -> Bool { r.handlesMatch && r.commitsMatch }

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
        print("iomap model on iomap captures: extents \(logical)/\(files) files; journal \(journal)/\(rows.count); write_begin counts \(begins)/\(rows.count); map_writeback_range counts \(writeback)/\(rows.count)")
        // Targets: extents ≥ 90 % of files; journal ≥ 80 %; both event counts ≥ 90 % of captures.
        #expect(logical * 10 >= files * 9, "extents exact for \(logical)/\(files) files")
        #expect(journal * 10 >= rows.count * 8, "journal agrees on \(journal)/\(rows.count) captures")
        #expect(begins * 10 >= rows.count * 9, "write_begin counts exact on \(begins)/\(rows.count)")
        #expect(writeback * 10 >= rows.count * 9, "map_writeback_range counts exact on \(writeback)/\(rows.count)")
    }

    /// A buffer_head capture replayed with `--model iomap` predicts the iomap capture of the
    /// same workload, and the reverse: the inputs do not depend on the path.
    @Test(.enabled(if: !KernelCapture.pairs(captures).isEmpty, "\(noCaptures) in buffer_head/iomap pairs"))
    func crossPath_eachCapturePredictsTheOtherPath() throws {
        let pairs = KernelCapture.pairs(Self.captures)
        var beginsFromBufferHead = 0, extentsFromIomap = 0, files = 0
        print("| workload | write_begin model (from bh capture) / kernel | extents from iomap capture with buffer_head model |")
        for (bh, io) in pairs {
            let kernelIomap = try FidelityHarness.evaluate(captureDirectory: io.directory, path: IomapPath())
            let predicted = try FidelityHarness.evaluate(captureDirectory: bh.directory, path: IomapPath())
            // The iomap model run on the buffer_head capture, scored against the iomap kernel's events.
            let mine = predicted.iomapEvents[Self.writeBegin]?.predicted ?? 0
            let kernel = kernelIomap.iomapEvents[Self.writeBegin]?.kernel ?? 0
            if mine == kernel { beginsFromBufferHead += 1 }
            // The buffer_head model run on the iomap capture, scored against the buffer_head kernel.
            let reverse = try FidelityHarness.evaluate(captureDirectory: io.directory, path: BufferHeadPath())
            let bhTruth = try FidelityHarness.evaluate(captureDirectory: bh.directory, path: BufferHeadPath())
            let sameAsTruth = reverse.predictedHandles == bhTruth.kernelHandles
            files += reverse.files
            extentsFromIomap += reverse.logicalExact
            print("| \(io.name) | \(mine)/\(kernel) | \(reverse.logicalExact)/\(reverse.files), handles \(sameAsTruth ? "= bh kernel" : "≠ bh kernel") |")
        }
        print("cross-path: write_begin count from buffer_head captures \(beginsFromBufferHead)/\(pairs.count)")
        #expect(beginsFromBufferHead * 10 >= pairs.count * 8, "write_begin from bh captures: \(beginsFromBufferHead)/\(pairs.count)")
        // An iomap capture must give the buffer_head model something to replay.
        #expect(extentsFromIomap > 0 || files == 0)
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
        #expect(logical * 10 >= files * 9, "extents exact for \(logical)/\(files) files")
        #expect(journal * 10 >= rows.count * 8, "journal agrees on \(journal)/\(rows.count) captures")
    }
}
