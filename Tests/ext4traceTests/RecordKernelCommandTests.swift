import Foundation
import XCTest

/// `ext4trace record --kernel`'s checks before any VM boots: each problem is one line on stderr
/// and exit status 2 (a usage error: ArgumentParser's 64).
final class RecordKernelCommandTests: XCTestCase {
    func testMissingImage_isOneLine() throws {
        let r = try CLI.run(["record", "--kernel", "/nonexistent/bzImage", "-o", "/tmp/ext4trace-never", "--workload", "builtin:seq-write"])
        XCTAssertEqual(r.status, 2)
        XCTAssertEqual(r.stderr, "ext4trace: record: /nonexistent/bzImage: no such kernel image\n")
        XCTAssertFalse(FileManager.default.fileExists(atPath: "/tmp/ext4trace-never"))
    }

    func testFileThatIsNoKernel_isOneLineNamingTheHeaderMagic() throws {
        let r = try CLI.run(["record", "--kernel", "Package.swift", "-o", "/tmp/ext4trace-never", "--workload", "builtin:seq-write"])
        XCTAssertEqual(r.status, 2)
        XCTAssertEqual(r.stderr, "ext4trace: record: Package.swift: not a bzImage kernel (no \"HdrS\" boot header at offset 0x202)\n")
    }

    func testVMOptionsWithoutKernel_areAUsageError() throws {
        let r = try CLI.run(["record", "--vm-memory", "1G", "-o", "/tmp/ext4trace-never", "--workload", "builtin:seq-write"])
        XCTAssertEqual(r.status, 64)
        XCTAssertTrue(r.stderr.contains("--vm-cpus, --vm-memory, --qemu-opts and --vm-timeout go with --kernel"), r.stderr)
    }
}
