import TestSupport
import Testing
import TraceParser

/// `JournalStatistics` — the one count of what a journal did — held to real captures: its
/// figures equal the capture's lines counted by hand, and the same capture read as ftrace text
/// and as trace.dat gives the same statistics.
@Suite struct JournalStatisticsTests {
    static let captures = ["ext4-append-fsync", "ext4-seq-write-4k", "ext4-falloc-overwrite", "iomap/seq-write-4k/iomap"]

    static func statistics(_ path: String) throws -> JournalStatistics {
        var s = JournalStatistics()
        for e in try CorpusCache.shared.events(path) { s.note(e) }
        return s
    }

    /// The number after `name ` in an ftrace text line (`blocks_logged 8`, `blocks 30,`).
    static func number(after name: String, in line: String) -> Int? {
        guard let r = line.range(of: " " + name + " ") else { return nil }
        return Int(line[r.upperBound...].prefix { $0.isNumber })
    }

    @Test(arguments: captures)
    func statistics_equalTheCapturesLinesCountedByHand(_ capture: String) throws {
        let text = Fixtures.path(capture + "/trace.txt.zst")
        let s = try Self.statistics(text)
        let lines = try Fixtures.lines(text)
        let handleLines = lines.filter { $0.contains(" jbd2_handle_stats: ") }
        let commitLines = lines.filter { $0.contains(" jbd2_run_stats: ") }
        let startLines = lines.filter { $0.contains(" ext4_journal_start_sb: ") || $0.contains(" ext4_journal_start_inode: ") }
        #expect(s.handles == handleLines.count && s.handles > 0)
        #expect(s.commits == commitLines.count && s.commits > 0)
        #expect(s.blocksLogged == UInt64(commitLines.compactMap { Self.number(after: "blocks_logged", in: $0) }.reduce(0, +)))
        #expect(s.requestedBlocks == Int64(handleLines.compactMap { Self.number(after: "requested_blocks", in: $0) }.reduce(0, +)))
        #expect(s.dirtiedBlocks == Int64(handleLines.compactMap { Self.number(after: "dirtied_blocks", in: $0) }.reduce(0, +)))
        #expect(s.startsByType.values.reduce(0, +) == startLines.count)
        // A start inside a running handle of the task only takes a reference: every handle of
        // a type ext4 starts by `_sb` or `_inode` had at least one start of that type.
        for (type, n) in s.handlesByType where type != HandleType.extConvert.rawValue {
            #expect(s.startsByType[type, default: 0] >= n, "\(capture): type \(HandleType.name(type))")
        }
        // ext4's requests, nested and reserved starts included. `_reserved` prints
        // `blocks, 18` (its format's own typo).
        let reserved = lines.filter { $0.contains(" ext4_journal_start_reserved: ") }
        let asked = startLines.compactMap { Self.number(after: "blocks", in: $0) }.reduce(0, +)
            + reserved.compactMap { Self.number(after: "blocks,", in: $0) }.reduce(0, +)
        #expect(s.creditsAsked == asked && asked > 0)
    }

    /// Text and trace.dat decode the same events: the statistics are equal, `_reserved`'s
    /// credits included (its text prints `blocks, 18`, the format's own typo).
    @Test(arguments: captures)
    func textAndTraceDat_giveTheSameStatistics(_ capture: String) throws {
        let dat = Fixtures.path(capture + "/trace.dat")
        guard CaptureDirectory.exists(dat) else { return }
        #expect(try Self.statistics(Fixtures.path(capture + "/trace.txt.zst")) == Self.statistics(dat))
    }
}
