import Foundation
import TestSupport
import TraceParser
import XCTest
@testable import Recorder

/// `record` saves the kernel's format files beside the capture as `formats/SYSTEM/EVENT/format`:
/// every event of each recorded system, and of `syscalls` only the enabled ones. Tried on a
/// tracefs-shaped tree holding the series' 7.3 kernel's real format files.
final class SavedFormatsTests: XCTestCase {
    var scratch = ""

    override func setUpWithError() throws {
        scratch = NSTemporaryDirectory() + "ext4trace-formats-\(getpid())-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: scratch + "/tracefs/instances", withIntermediateDirectories: true)
        // The tracefs tree: the 7.3 kernel's formats, plus the per-system files tracefs has.
        let source = Fixtures.path("iomap/formats")
        for system in try FileManager.default.contentsOfDirectory(atPath: source) {
            try FileManager.default.copyItem(atPath: source + "/" + system, toPath: scratch + "/tracefs/events/" + system)
            try "0\n".write(toFile: scratch + "/tracefs/events/\(system)/enable", atomically: false, encoding: .utf8)
        }
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: scratch)
    }

    func events(_ system: String, under root: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: "\(root)/\(system)")
            .filter { FileManager.default.fileExists(atPath: "\(root)/\(system)/\($0)/format") }.sorted()
    }

    func testSavesWholeRecordedSystems_andOnlyTheEnabledSyscalls() throws {
        let tracefs = try Tracefs.locate(root: scratch + "/tracefs")
        let enabled = [TracedEvent(system: "ext4", name: "ext4_da_write_begin"),
                       TracedEvent(system: "block", name: "block_rq_issue"),
                       TracedEvent(system: "syscalls", name: "sys_enter_pwrite64")]
        var recorded: [TracedEvent: [UInt8]] = [:]
        for e in enabled { recorded[e] = try tracefs.read(e.directory + "/format") }
        let recorder = Recorder(options: RecordOptions(outputDirectory: scratch + "/cap",
                                                       workload: .builtin(try BuiltinWorkload(parsing: "builtin:seq-write"))))
        try recorder.makeOutputDirectory()

        try recorder.saveFormats(enabled, recorded: recorded, tracefs: tracefs)

        let saved = scratch + "/cap/formats"
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: saved).sorted(), ["block", "ext4", "syscalls"])
        XCTAssertEqual(try events("ext4", under: saved), try events("ext4", under: scratch + "/tracefs/events"))
        XCTAssertTrue(try events("ext4", under: saved).contains("ext4_iomap_buffered_write_begin"), "the series' events too")
        XCTAssertEqual(try events("block", under: saved), try events("block", under: scratch + "/tracefs/events"))
        XCTAssertEqual(try events("syscalls", under: saved), ["sys_enter_pwrite64"])
        XCTAssertEqual(FileManager.default.contents(atPath: saved + "/ext4/ext4_da_write_begin/format"),
                       FileManager.default.contents(atPath: scratch + "/tracefs/events/ext4/ext4_da_write_begin/format"))
        XCTAssertEqual(recorder.summary.files, ["formats/"])
    }

    /// What the saved files are for: a text capture beside them decodes with its kernel's
    /// layouts. 7.3's `ext4_es_cache_extent` prints a `seq` the bundled (6.18) format lacks.
    func testTextCaptureBesideSavedFormats_decodesWithThem() throws {
        let tracefs = try Tracefs.locate(root: scratch + "/tracefs")
        let recorder = Recorder(options: RecordOptions(outputDirectory: scratch + "/cap",
                                                       workload: .builtin(try BuiltinWorkload(parsing: "builtin:seq-write"))))
        try recorder.makeOutputDirectory()
        try recorder.saveFormats([TracedEvent(system: "ext4", name: "ext4_da_write_begin")], recorded: [:], tracefs: tracefs)
        try FileManager.default.copyItem(atPath: Fixtures.path("iomap/seq-write-4k/iomap/trace.txt.zst"),
                                         toPath: scratch + "/cap/trace.txt.zst")

        let (events, _) = try Fixtures.events(scratch + "/cap/trace.txt.zst")
        let cached = try XCTUnwrap(events.first { $0.name == "ext4_es_cache_extent" })
        XCTAssertEqual(cached["status"], .string("W"))
        XCTAssertEqual(cached["seq"], .uint(0))
    }
}
