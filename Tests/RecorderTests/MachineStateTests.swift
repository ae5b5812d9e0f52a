import Foundation
import TestSupport
import XCTest

/// The "nothing left behind" checks compare `MachineState` before and after a recording; they
/// can only fail if it sees a mount, an instance or a loop device when there is one.
final class MachineStateTests: XCTestCase {
    func testSeesATracefsMountAndItsInstancesAppearAndGo() throws {
        guard geteuid() == 0 else { throw XCTSkip("mounting tracefs needs root") }
        let root = "/tmp/ext4trace-state-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        defer { umount(root); rmdir(root) }
        XCTAssertFalse(MachineState.now(tracefsRoot: root).tracefsMounted)
        guard mount("nodev", root, "tracefs", 0, nil) == 0 else { throw XCTSkip("cannot mount tracefs here") }
        var state = MachineState.now(tracefsRoot: root)
        XCTAssertTrue(state.tracefsMounted)
        XCTAssertTrue(state.mounts.contains(root), "\(state)")
        let instance = root + "/instances/ext4trace-state-test"
        XCTAssertEqual(mkdir(instance, 0o755), 0)
        state = MachineState.now(tracefsRoot: root)
        XCTAssertTrue(state.tracefsInstances.contains("ext4trace-state-test"), "\(state)")
        XCTAssertEqual(rmdir(instance), 0)
        umount(root)
        state = MachineState.now(tracefsRoot: root)
        XCTAssertFalse(state.tracefsMounted)
        XCTAssertFalse(state.mounts.contains(root))
    }
}
