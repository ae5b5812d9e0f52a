import Foundation
import XCTest

/// `ext4trace stats` and `events` on a trace.dat, running the built binary.
final class TraceDatCommandTests: XCTestCase {
    static let root = URL(fileURLWithPath: CLI.repositoryRoot)

    /// The command's status and its stdout followed by its stderr.
    func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let r = try CLI.run(arguments)
        return (r.status, r.stdout + r.stderr)
    }

    var dat: String { Self.root.appendingPathComponent("fixtures/ext4-append-fsync/trace.dat").path }

    func testStatsJSON_countsTheDatLikeItsText() throws {
        let (status, out) = try run(["stats", dat, "--format", "json"])
        XCTAssertEqual(status, 0, out)
        XCTAssertTrue(out.contains(#""format":"trace.dat","events":995,"#), out)
        XCTAssertTrue(out.contains(#""cpus":2"#), out)
        XCTAssertTrue(out.contains(#""first_ts":2027.500453514"#), out)
    }

    func testEventsReport_layoutMatchesTraceCmd() throws {
        let (status, out) = try run(["events", dat, "--format", "report", "--event", "ext4_mark_inode_dirty"])
        XCTAssertEqual(status, 0, out)
        XCTAssertEqual(out.split(separator: "\n").first.map(String.init),
                       "corpus:           xfs_io-3603  [000]  2027.501625: ext4_mark_inode_dirty: dev 7,1 ino 12 caller __ext4_new_inode+0x18d0")
    }

    func testDamagedDat_failsWithOneLineNamingSectionAndOffset() throws {
        let bytes = try Data(contentsOf: URL(fileURLWithPath: dat))
        let cut = NSTemporaryDirectory() + "cut-\(getpid()).dat"
        try bytes.prefix(1_140_000).write(to: URL(fileURLWithPath: cut))
        defer { try? FileManager.default.removeItem(atPath: cut) }
        let (status, out) = try run(["stats", cut])
        XCTAssertEqual(status, 2)
        XCTAssertTrue(out.hasPrefix("ext4trace: \(cut): offset "), out)
        XCTAssertTrue(out.contains("(section "), out)
        XCTAssertEqual(out.split(separator: "\n").count, 1, out)
    }
}
