import Testing
@testable import ReferenceFS

/// Replays every ext4 capture in fixtures/ and scores the prediction against debugfs's extents
/// and the kernel's jbd2 statistics.
@Suite struct FidelityTests {
    static let fixtures = Fixtures.root

    /// What the model achieves on each capture today: files exact in logical layout, in
    /// physical blocks, handles by type matching, commits matching. A regression fails.
    static let floors: [String: (logical: Int, physical: Int, handles: Bool, commits: Bool)] = [
        "ext4-1kblock-seq-write-4k": (1, 1, true, true),
        "ext4-append-fsync": (1, 1, true, true),
        "ext4-bigalloc-random-write": (1, 1, true, true),
        "ext4-bigalloc-seq-write-4k": (1, 1, true, true),
        "ext4-dio-write": (1, 1, true, true),
        "ext4-dioread_lock-append-fsync": (1, 1, true, true),
        "ext4-dioread_lock-seq-write-64k": (1, 1, true, true),
        "ext4-falloc-overwrite": (1, 1, true, true),
        "ext4-journal-append-fsync": (1, 1, true, true),
        "ext4-journal-seq-write-4k": (1, 1, true, true),
        "ext4-many-small-files": (24, 24, true, true),
        // mmap stores reach ext4 through ext4_page_mkwrite, which has no tracepoint: the model
        // sees no write (a known gap, see docs/replay.md).
        "ext4-mmap-write": (0, 0, false, true),
        "ext4-nodelalloc-random-write": (1, 1, true, true),
        "ext4-nodelalloc-seq-write-4k": (1, 1, true, true),
        "ext4-punch-zero": (1, 1, true, true),
        "ext4-random-write": (1, 1, true, true),
        "ext4-read-after-remount": (1, 1, true, true),
        "ext4-seq-write-1k": (1, 1, true, true),
        "ext4-seq-write-1m": (1, 1, true, true),
        "ext4-seq-write-4k": (1, 1, true, true),
        "ext4-seq-write-64k": (1, 1, true, true),
        "ext4-truncate": (1, 1, true, true),
        "ext4-writeback-append-fsync": (1, 1, true, true),
    ]

    static var captures: [String] { floors.keys.sorted() }

    @Test func everyCapture_meetsItsFidelityFloor() throws {
        var rows: [FidelityRow] = []
        for c in Self.captures {
            rows.append(try FidelityHarness.evaluate(captureDirectory: Self.fixtures + c, checkInvariants: true))
        }
        print(FidelityRow.tableHeader)
        for r in rows { print(r.tableLine) }
        let files = rows.reduce(0) { $0 + $1.files }
        let logical = rows.reduce(0) { $0 + $1.logicalExact }
        let physical = rows.reduce(0) { $0 + $1.physicalExact }
        let journal = rows.filter { $0.handlesMatch && $0.commitsMatch }.count
        print("files: logical \(logical)/\(files), physical \(physical)/\(files); journal (handles and commits) \(journal)/\(rows.count) captures")
        for r in rows {
            guard let floor = Self.floors[r.capture] else { continue }
            #expect(r.logicalExact >= floor.logical, "\(r.capture): logical layout regressed")
            #expect(r.physicalExact >= floor.physical, "\(r.capture): physical blocks regressed")
            if floor.handles { #expect(r.handlesMatch, "\(r.capture): handles by type regressed: \(r.tableLine)") }
            if floor.commits { #expect(r.commitsMatch, "\(r.capture): commits regressed: \(r.tableLine)") }
            // Where the handles match, the journal traffic matches too: blocks logged by the
            // commits and the credits printed at every handle start.
            if floor.handles {
                #expect(r.predictedBlocksLogged == r.kernelBlocksLogged, "\(r.capture): blocks logged: \(r.tableLine)")
                #expect(r.predictedCredits == r.kernelCredits, "\(r.capture): credits: \(r.tableLine)")
            }
        }
        // The targets: ≥ 90 % of files logical, ≥ 70 % physical, ≥ 80 % of captures journal.
        #expect(logical * 10 >= files * 9)
        #expect(physical * 10 >= files * 7)
        #expect(journal * 10 >= rows.count * 8)
    }
}
