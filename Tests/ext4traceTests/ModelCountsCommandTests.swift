import Foundation
import Testing

/// `replay` (and `model`, which prints the same `ReplayResult`) and `compare --model-b` count
/// a model's mapping calls from the one event stream it emits, so they agree.
@Suite struct ModelCountsCommandTests {
    static let root = CLI.repositoryRoot + "/fixtures/"

    static func replayMapping(_ capture: String, _ model: String) throws -> [String: Any] {
        let r = try CLI.run(["replay", root + capture + "/trace.txt.zst", "--model", model, "--format", "json"])
        return try CLI.json(r.stdout)["mapping"] as? [String: Any] ?? [:]
    }

    static func compareRow(_ capture: String, _ model: String, _ key: String) throws -> Double? {
        let r = try CLI.run(["compare", root + capture + "/trace.txt.zst", "--model-b", model, "--format", "json"])
        let rows = try CLI.json(r.stdout)["rows"] as? [[String: Any]] ?? []
        return (rows.first { $0["key"] as? String == key })?["b"] as? Double
    }

    /// 6.18 captures with no partial-block zeroing (the series' `ext4_iomap_zero_begin` is a
    /// mapping call to the analyzer and not to `ReplayResult`): the iomap model's write and
    /// read begins plus its writeback maps are what `compare` counts as iomap_begin.
    @Test(arguments: ["ext4-seq-write-1k", "ext4-seq-write-4k", "ext4-append-fsync", "ext4-random-write"])
    func iomapBeginCalls_agreeBetweenReplayAndCompare(capture: String) throws {
        for model in ["iomap", "delaymap"] {
            let m = try Self.replayMapping(capture, model)
            let begins = (m["iomap_begin_calls"] as? Int ?? -1) + (m["writeback_map_calls"] as? Int ?? -1)
            #expect(begins > 0)
            #expect(try Self.compareRow(capture, model, "iomap_begin") == Double(begins), "\(capture) \(model)")
        }
    }

    /// The extent-status lookups `replay` prints are the model's `ext4_es_lookup_extent_enter`
    /// events, which `compare --model-b` counts as the kernel's: both agree, on every model.
    /// (This test is about the two commands agreeing; ModelComparisonTests and the fidelity
    /// tests hold the counts against the kernel's.)
    @Test(arguments: ["ext4-seq-write-4k", "ext4-append-fsync", "ext4-random-write", "ext4-truncate"])
    func esLookups_agreeBetweenReplayAndCompare(capture: String) throws {
        for model in ["buffer_head", "iomap", "delaymap"] {
            let m = try Self.replayMapping(capture, model)
            let lookups = m["es_lookups"] as? Int ?? -1
            #expect(lookups > 0, "\(capture) \(model)")
            #expect(try Self.compareRow(capture, model, "es_lookups") == Double(lookups), "\(capture) \(model)")
        }
    }
}
