import Foundation
import Testing

/// `ext4trace replay` end to end: the built binary on real captures.
@Suite struct ReplayCommandTests {
    static let root = CLI.repositoryRoot + "/"

    func run(_ args: [String]) throws -> CLI.Result { try CLI.run(args) }

    @Test func json_reportsExtentsJournalAndMapping() throws {
        let r = try run(["replay", Self.root + "fixtures/ext4-append-fsync/trace.txt.zst", "--format", "json"])
        #expect(r.status == 0)
        let doc = try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any]
        #expect(doc?["model"] as? String == "buffer_head")
        let inode = (doc?["inodes"] as? [[String: Any]])?.first
        #expect(inode?["ino"] as? Int == 12 && inode?["size"] as? Int == 39936)
        let extents = inode?["extents"] as? [[String: Any]]
        #expect(extents?.map { $0["pblk"] as? Int } == [33280, 33792])
        let journal = doc?["journal"] as? [String: Any]
        #expect(journal?["commits"] as? Int == 11)
        #expect((journal?["handles_by_type"] as? [String: Int])?["11"] == 9)
        let mapping = doc?["mapping"] as? [String: Any]
        for key in ["map_blocks_calls", "es_lookups", "iomap_begin_calls", "writeback_map_calls", "unwritten_conversions", "allocations"] {
            #expect(mapping?[key] is Int, "mapping.\(key)")
        }
        #expect(doc?["ops"] is Int)
    }

    /// Mount options on the command line override meta.json: the same trace replayed as
    /// dioread_lock predicts no conversion handles.
    @Test func mountOptions_overrideMetaJSON() throws {
        let r = try run(["replay", Self.root + "fixtures/ext4-append-fsync/trace.txt.zst", "--mount-options", "dioread_lock"])
        #expect(r.status == 0)
        #expect(r.out.contains("journal: 14 handles (type 0: 1, type 1: 3, type 2: 9, type 4: 1)"))
    }

    @Test func missingGeometry_failsWithOneLine() throws {
        let r = try run(["replay", Self.root + "fixtures/ext4-append-fsync/trace.txt.zst", "--geometry", "/nonexistent/geometry.txt"])
        #expect(r.status == 2)
        #expect(r.err.split(separator: "\n").count == 1)
        #expect(r.err.contains("/nonexistent/geometry.txt"))
    }
}
