import Testing
import TraceParser
@testable import ReferenceFS

/// The model reads only what the workload and the VFS asked of ext4.
@Suite struct ModelInputTests {
    static let forbidden = [
        "ext4_ext_map_blocks_exit", "ext4_es_insert_extent", "ext4_mballoc_alloc", "ext4_allocate_blocks",
        "ext4_request_blocks", "ext4_mb_new_group_pa", "ext4_journal_start_inode", "jbd2_handle_stats",
        "jbd2_run_stats", "block_rq_issue", "ext4_da_write_pages_extent", "ext4_writepages_result",
        "ext4_da_reserve_space",
    ]

    @Test func allowList_refusesEveryDecisionEvent() throws {
        let events = try Fixtures.events("ext4-append-fsync")
        let names = Set(events.filter { ModelInput.allows($0) }.map(\.name))
        for f in Self.forbidden { #expect(!names.contains(f), "\(f) must not reach the model") }
        #expect(names.contains("ext4_da_write_begin") && names.contains("ext4_writepages"))
    }

    /// A trace stripped of every event the allow-list refuses replays to the same prediction.
    @Test(arguments: ["ext4-append-fsync", "ext4-random-write", "ext4-journal-append-fsync", "ext4-dio-write", "ext4-truncate"])
    func strippedTrace_givesIdenticalPredictions(capture: String) throws {
        let all = try Fixtures.events(capture)
        let stripped = all.filter { ModelInput.allows($0) }
        #expect(stripped.count < all.count / 2)
        var a = try Fixtures.replay(capture, events: all)
        var b = try Fixtures.replay(capture, events: stripped)
        #expect(a.finish() == b.finish())
    }

    /// The same capture rendered by `trace-cmd report` (numeric inode flags, other field
    /// spellings) replays to the same prediction as the raw ftrace text.
    @Test(arguments: ["ext4-append-fsync", "ext4-truncate", "ext4-dio-write", "ext4-journal-append-fsync", "ext4-punch-zero"])
    func traceCmdReport_givesTheSamePredictionAsFtraceText(capture: String) throws {
        var a = try Fixtures.replay(capture)
        var b = try Fixtures.replay(capture, events: Fixtures.events(capture, file: "report.txt.zst"))
        #expect(a.finish() == b.finish())
    }
}
