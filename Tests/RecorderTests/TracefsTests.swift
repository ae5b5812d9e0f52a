import Foundation
import XCTest
@testable import Recorder

final class TracefsTests: XCTestCase {
    /// Where tracefs is not mounted, `locate` mounts it and `release` unmounts it again, so the
    /// machine is left as found. Tried on a scratch directory, not the real /sys/kernel/tracing.
    func testUnmountedRoot_isMountedForTheRecordingAndUnmountedAfter() throws {
        guard geteuid() == 0 else { throw XCTSkip("mounting tracefs needs root") }
        let root = "/tmp/ext4trace-tracefs-test-\(getpid())"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        defer { umount(root); rmdir(root) }
        let tracefs = try Tracefs.locate(root: root)
        XCTAssertTrue(tracefs.mountedHere)
        XCTAssertTrue(tracefs.exists("events/header_page"))
        XCTAssertTrue(try tracefs.readText("events/header_page").contains("field: u64 timestamp;"))
        tracefs.release()
        XCTAssertFalse(FileManager.default.fileExists(atPath: root + "/instances"), "unmounted again")
    }

    /// Where tracefs is already mounted, it is used as it is and left mounted. Tried on a
    /// scratch mount of tracefs, so it holds whether /sys/kernel/tracing is mounted or not.
    func testMountedRoot_isUsedAsItIsAndLeftMounted() throws {
        let root = try scratchTracefsMount()
        let tracefs = try Tracefs.locate(root: root)
        XCTAssertFalse(tracefs.mountedHere)
        tracefs.release()
        XCTAssertEqual(access(root + "/instances", F_OK), 0, "still mounted")
    }

    /// tracefs mounted at a scratch directory of this test's, unmounted and removed after it.
    func scratchTracefsMount() throws -> String {
        guard geteuid() == 0 else { throw XCTSkip("mounting tracefs needs root") }
        let root = "/tmp/ext4trace-tracefs-scratch-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        addTeardownBlock { umount(root); rmdir(root) }
        guard mount("nodev", root, "tracefs", 0, nil) == 0 else {
            throw XCTSkip("cannot mount tracefs: \(String(cString: strerror(errno)))")
        }
        return root
    }

    func testMissingRoot_isANoTracefsError() {
        XCTAssertThrowsError(try Tracefs.locate(root: "/nonexistent/tracing")) { error in
            XCTAssertEqual((error as? RecorderError)?.kind, .noTracefs)
        }
    }

    /// The instance is created with tracing off, takes a buffer size and an event with a filter,
    /// and is gone after `remove()`.
    func testInstance_enablesFilteredEventsAndIsRemovedWithoutTrace() throws {
        let tracefs = try Tracefs.locate(root: try scratchTracefsMount())
        let name = "ext4trace-test-instance-\(getpid())"
        let instance = try TraceInstance(tracefs: tracefs, name: name)
        let dir = tracefs.path("instances/\(name)")
        XCTAssertEqual(try tracefs.readText("instances/\(name)/tracing_on"), "0\n")
        try instance.setBufferSize(kb: 256)
        // The kernel rounds up to whole sub-buffers plus their headers (256 → 258 here).
        let kb = Int(try tracefs.readText("instances/\(name)/buffer_size_kb").trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
        XCTAssertTrue((256..<300).contains(kb), "buffer_size_kb \(kb)")
        let event = TracedEvent(system: "ext4", name: "ext4_da_write_begin")
        try instance.enable(event, filter: "dev == 7340033")
        XCTAssertEqual(try tracefs.readText("instances/\(name)/events/ext4/ext4_da_write_begin/filter"), "dev == 7340033\n")
        XCTAssertEqual(try tracefs.readText("instances/\(name)/events/ext4/ext4_da_write_begin/enable"), "1\n")
        XCTAssertThrowsError(try instance.enable(event, filter: "no_such_field == 1"), "the kernel refuses a bad filter")
        instance.remove()
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir))
        XCTAssertEqual(try tracefs.readText("events/ext4/ext4_da_write_begin/enable"), "0\n", "top-level tracing untouched")
    }
}
