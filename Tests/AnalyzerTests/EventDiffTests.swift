import Analyzer
import TraceParser
import XCTest

final class EventDiffTests: XCTestCase {
    func facts(_ capture: String) throws -> [Fact] {
        try FactExtractor.facts(TraceFile.open(Captures.path(capture)))
    }

    func testACaptureAgainstItself_agreesOnEveryDecision() throws {
        for capture in ["ext4-append-fsync", "xfs-seq-write-1k", "ext4-punch-zero"] {
            let f = try facts(capture)
            let diff = EventDiff(expected: f, observed: f)
            XCTAssertTrue(diff.isEmpty, capture)
            for (kind, s) in diff.scores { XCTAssertEqual(s.agreement, 1, "\(capture) \(kind)") }
        }
        // One iomap mapping per 1 KiB write on XFS, 256 in all (iomap_iter_dstmap).
        XCTAssertEqual(EventDiff(expected: try facts("xfs-seq-write-1k"), observed: try facts("xfs-seq-write-1k")).scores[.iomapDstmap]?.observed, 256)
    }

    /// dioread_lock as the expectation for the default mount: the default's nine EXT_CONVERT
    /// handles are unexpected, its unwritten extents show as status U where W was expected, and
    /// commits agree exactly where the two captures' jbd2_run_stats agree.
    func testDefaultAgainstDioreadLock_namesTheConversionHandlesAndStatuses() throws {
        let expectedEvents = try Captures.events("ext4-dioread_lock-append-fsync")
        let observedEvents = try Captures.events("ext4-append-fsync")
        let diff = EventDiff(expected: expectedEvents.compactMap(FactExtractor.fact), observed: observedEvents.compactMap(FactExtractor.fact))
        let unexpectedHandles = diff.discrepancies.filter { $0.kind == .handle && $0.problem == .unexpected }
        XCTAssertEqual(unexpectedHandles.count, 9)
        XCTAssertTrue(unexpectedHandles.allSatisfy { $0.key == "type EXT_CONVERT" })
        XCTAssertEqual(diff.scores[.handle]?.expected, 14)
        XCTAssertEqual(diff.scores[.handle]?.observed, 23)

        let runStats = { (events: [TraceEvent]) in
            events.filter { $0.name == "jbd2_run_stats" }.map { e in ["handle_count", "blocks", "blocks_logged"].map { e[$0]?.uint } }
        }
        let agreeingCommits = zip(runStats(expectedEvents), runStats(observedEvents)).filter { $0 == $1 }.count
        XCTAssertEqual(diff.scores[.commit]?.agreeing, agreeingCommits)
        XCTAssertEqual(diff.scores[.commit]?.observed, 11)

        // The first write's extent: written (W) under dioread_lock, unwritten (U) by default.
        let first = try XCTUnwrap(diff.discrepancies.first { $0.kind == .extentStatus && $0.problem == .differs })
        XCTAssertEqual(first.ino, 12)
        XCTAssertEqual(first.expected, "len 1 pblk 33280 status W")
        XCTAssertEqual(first.observed, "len 1 pblk 33280 status U")
        XCTAssertEqual(first.position, .line(117))
    }

    func testJSON_carriesTheObservedLineAndASummaryPerKind() throws {
        let diff = EventDiff(expected: try facts("ext4-dioread_lock-append-fsync"), observed: try facts("ext4-append-fsync"))
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(diff.json().utf8)) as? [String: Any])
        let list = try XCTUnwrap(json["discrepancies"] as? [[String: Any]])
        XCTAssertEqual(list.count, diff.discrepancies.count)
        XCTAssertTrue(list.filter { $0["problem"] as? String != "missing" }.allSatisfy { $0["line"] is Int })
        XCTAssertTrue(list.filter { $0["problem"] as? String == "missing" }.allSatisfy { $0["expected_line"] is Int })
        let summary = try XCTUnwrap(json["summary"] as? [String: [String: Any]])
        XCTAssertEqual(summary["handle"]?["observed"] as? Int, 23)
    }
}

extension EventDiffTests {
    /// A model that emits only commits predicts nothing about mappings or handles: those kinds
    /// are counted as not predicted, and only commits can disagree.
    func testKindsTheExpectationNeverMentions_areNotPredictedRatherThanUnexpected() throws {
        let observed = try facts("ext4-append-fsync")
        let commitsOnly = observed.filter { $0.kind == .commit }
        let diff = EventDiff(expected: commitsOnly, observed: observed)
        XCTAssertTrue(diff.isEmpty)
        XCTAssertEqual(diff.unpredictedKinds, [.mapBlocks, .extentStatus, .allocation, .mballoc, .reserveSpace, .handle])
        XCTAssertEqual(diff.scores[.commit]?.agreement, 1)
        XCTAssertTrue(diff.text(expectedSource: "e", observedSource: "o").contains("not predicted"))
        let strict = EventDiff(expected: commitsOnly, observed: observed, skipUnpredicted: false)
        XCTAssertEqual(strict.discrepancies.count, observed.count - commitsOnly.count)
    }
}

extension EventDiffTests {
    /// ext4-append-fsync: 23 handles. The file's creation (DIR, type 4) names the inode it
    /// allocates; xfs_io's open (type 0, the superblock's orphan-free update) names none;
    /// every dirtying (INODE), writeback (WRITE_PAGE) and completion conversion (EXT_CONVERT,
    /// started reserved, named by the conversion inside it) is inode 12's.
    func testHandleFacts_carryTheInodeTheirEventsName() throws {
        let handles = try facts("ext4-append-fsync").filter { $0.kind == .handle }
        XCTAssertEqual(handles.count, 23)
        let byType = Dictionary(grouping: handles, by: \.key).mapValues { $0.map(\.ino) }
        XCTAssertEqual(byType["type DIR"], [12])
        XCTAssertEqual(byType["type MISC"], [nil])
        XCTAssertEqual(byType["type INODE"], [12, 12, 12])
        XCTAssertEqual(byType["type WRITE_PAGE"], Array(repeating: 12, count: 9))
        XCTAssertEqual(byType["type EXT_CONVERT"], Array(repeating: 12, count: 9))
    }

    /// A model's handle log names no inode: handles still pair by type and order, and a
    /// discrepancy shows the capture's inode.
    func testHandlesPairWithoutInodes_andDiscrepanciesShowTheCapturesInode() throws {
        let observed = try facts("ext4-falloc-overwrite")
        var expected = observed
        for i in expected.indices where expected[i].kind == .handle { expected[i].ino = nil }
        XCTAssertTrue(EventDiff(expected: expected, observed: observed).isEmpty)
        let first = try XCTUnwrap(expected.firstIndex { $0.kind == .handle && $0.key == "type WRITE_PAGE" })
        expected[first].values = [EventField("requested_blocks", .uint(1)), EventField("dirtied_blocks", .uint(0))]
        let diff = EventDiff(expected: expected, observed: observed)
        XCTAssertEqual(diff.discrepancies.count, 1)
        XCTAssertEqual(diff.discrepancies.first?.ino, 12)
        XCTAssertEqual(diff.discrepancies.first?.problem, .differs)
    }
}
