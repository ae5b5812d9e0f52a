import Foundation
import XCTest

/// `ext4trace replay --model iomap|delaymap` and `ext4trace model`, run as a user runs them.
final class ReplayIomapEndToEndTests: XCTestCase {
    func run(_ args: [String]) throws -> CLI.Result { try CLI.run(args) }

    func json(_ text: String) throws -> [String: Any] {
        try XCTUnwrap(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    func testReplayIomap_emitsATraceThatStatsReadsBack() throws {
        let out = NSTemporaryDirectory() + "ext4trace-e2e-\(getpid()).txt"
        defer { try? FileManager.default.removeItem(atPath: out) }
        let replay = try run(["replay", "fixtures/ext4-seq-write-4k/trace.txt.zst", "--model", "iomap",
                              "--emit-trace", out, "--format", "json"])
        XCTAssertEqual(replay.status, 0, replay.err)
        let r = try json(replay.out)
        XCTAssertEqual(r["model"] as? String, "iomap")
        let mapping = try XCTUnwrap(r["mapping"] as? [String: Any])
        XCTAssertEqual(mapping["iomap_begin_calls"] as? Int, 256)          // 256 pwrite64 of 4 KiB
        XCTAssertEqual(mapping["writeback_map_calls"] as? Int, 1)          // one delayed extent

        let stats = try run(["stats", out, "--format", "json"])
        XCTAssertEqual(stats.status, 0, stats.err)
        let s = try json(stats.out)
        XCTAssertEqual(s["unparsed_lines"] as? Int, 0)
        let byEvent = try XCTUnwrap(s["by_event"] as? [String: Int])
        XCTAssertEqual(byEvent["ext4_iomap_buffered_write_begin"], 256)
        XCTAssertEqual(byEvent["ext4_iomap_map_writeback_range"], 1)
    }

    func testModel_explainsPerWriteMappingOfSmallWrites() throws {
        let model = try run(["model", "fixtures/ext4-seq-write-1k/trace.txt.zst"])
        XCTAssertEqual(model.status, 0, model.err)
        XCTAssertTrue(model.out.contains("iomap maps on every write"), model.out)
        let j = try run(["model", "fixtures/ext4-seq-write-1k/trace.txt.zst", "--format", "json"])
        let models = try XCTUnwrap(try json(j.out)["models"] as? [[String: Any]])
        let iomap = try XCTUnwrap(models.first { $0["model"] as? String == "iomap" })
        XCTAssertEqual(iomap["write_mapping_calls"] as? Int, 256)
    }

    func testReplay_rejectsUnknownModel() throws {
        let r = try run(["replay", "fixtures/ext4-seq-write-4k/trace.txt.zst", "--model", "zfs"])
        XCTAssertNotEqual(r.status, 0)
    }
}
