import Testing
@testable import ReferenceFS

/// Replays every ext4 capture in fixtures/ and scores the prediction against debugfs's extents
/// and the kernel's jbd2 statistics.
@Suite struct FidelityTests {
    static let fixtures: String = {
        let file = #filePath
        let root = file.split(separator: "/").dropLast(3).joined(separator: "/")
        return "/" + root + "/fixtures/"
    }()

    static let captures = [
        "ext4-1kblock-seq-write-4k", "ext4-append-fsync", "ext4-bigalloc-random-write",
        "ext4-bigalloc-seq-write-4k", "ext4-dio-write", "ext4-dioread_lock-append-fsync",
        "ext4-dioread_lock-seq-write-64k", "ext4-falloc-overwrite", "ext4-journal-append-fsync",
        "ext4-journal-seq-write-4k", "ext4-many-small-files", "ext4-mmap-write",
        "ext4-nodelalloc-random-write", "ext4-nodelalloc-seq-write-4k", "ext4-punch-zero",
        "ext4-random-write", "ext4-read-after-remount", "ext4-seq-write-1k", "ext4-seq-write-1m",
        "ext4-seq-write-4k", "ext4-seq-write-64k", "ext4-truncate", "ext4-writeback-append-fsync",
    ]

    @Test func fidelityTable() throws {
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
    }
}
