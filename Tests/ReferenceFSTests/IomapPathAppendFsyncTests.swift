import ReferenceFS
import TraceParser
import XCTest

/// Append + fsync: the series' conversion scheme is the kernel's dioread_nolock scheme, the
/// delay-map proposal's written-at-completion scheme is closest to dioread_lock. Both real
/// captures run the same workload (ten appends, each followed by fsync).
final class IomapPathAppendFsyncTests: XCTestCase {
    struct Traffic: Equatable { var handles: Int; var commits: Int; var blocksLogged: Int }

    func realTraffic(_ events: [TraceEvent]) -> Traffic {
        var logged = 0
        for e in events where e.name == "jbd2_run_stats" { logged += Int(e["blocks_logged"]?.int ?? 0) }
        return Traffic(handles: countEvents(events, "jbd2_handle_stats"), commits: countEvents(events, "jbd2_run_stats"),
                       blocksLogged: logged)
    }

    func predicted(_ r: IomapReplay) -> Traffic {
        Traffic(handles: r.result.handles, commits: r.result.commits, blocksLogged: r.result.blocksLogged)
    }

    func testIomapAppendFsync_matchesRealDioreadNolockJournalTraffic() throws {
        let events = try iomapCaptureEvents("ext4-append-fsync")
        let iomap = try replayCapture("ext4-append-fsync", events: events, path: IomapPath(scheme: .iomap))
        XCTAssertEqual(predicted(iomap), realTraffic(events))                  // 23 handles, 11 commits, 54 blocks
        // One conversion handle per appended block, plus one for the last 1 KiB append's i_disksize.
        XCTAssertEqual(iomap.result.handlesByType[.extConvert], countEvents(events, "ext4_journal_start_reserved") + 1)
    }

    func testDelayMapAppendFsync_matchesRealDioreadLockJournalTraffic() throws {
        let events = try iomapCaptureEvents("ext4-dioread_lock-append-fsync")
        let delaymap = try replayCapture("ext4-dioread_lock-append-fsync", events: events, path: IomapPath(scheme: .delaymap))
        XCTAssertEqual(predicted(delaymap), realTraffic(events))               // 14 handles, 11 commits, 54 blocks
        XCTAssertNil(delaymap.result.handlesByType[.extConvert])
    }

    func testDataJournal_fallsBackToBufferHeadPath() throws {
        let capture = "ext4-journal-append-fsync"
        let events = try iomapCaptureEvents(capture)
        let bh = try replayCapture(capture, events: events, path: BufferHeadPath())
        for scheme in WritebackScheme.allCases {
            let r = try replayCapture(capture, events: events, path: IomapPath(scheme: scheme))
            XCTAssertEqual(r.result.handlesByType, bh.result.handlesByType, scheme.rawValue)
            XCTAssertEqual(r.result.blocksLogged, bh.result.blocksLogged, scheme.rawValue)
            XCTAssertEqual(r.result.counters.iomapBeginCalls, 0, scheme.rawValue)
        }
    }
}
