import Foundation
import TestSupport
import TraceParser
import XCTest

/// `ext4trace record --kernel` on the iomap series' kernel (../shared/kernel/bzImage): one boot,
/// one small workload with `buffered_iomap`, and the capture comes back to the host with the
/// guest's kernel in meta.json. Skipped, saying why, without the image, vng or QEMU.
final class KernelRecordTests: XCTestCase {
    static let image = Fixtures.directory() + "/../../shared/kernel/bzImage"

    /// The ext4trace binary `swift build` placed beside the test bundle.
    var binary: String {
        let bundle = URL(fileURLWithPath: CommandLine.arguments.first { $0.hasSuffix(".xctest") } ?? CommandLine.arguments[0])
        return bundle.deletingLastPathComponent().appendingPathComponent("ext4trace").path
    }

    func testBuiltinSeqWrite4kOnBufferedIomap_recordsOneIomapWriteBeginPerWrite() throws {
        guard FileManager.default.fileExists(atPath: Self.image) else { throw XCTSkip("no kernel image at ../shared/kernel/bzImage") }
        for tool in ["vng", "qemu-system-x86_64"] where ToolRunner.path(of: tool) == nil {
            throw XCTSkip("\(tool) is not installed (scripts/setup installs it)")
        }
        guard FileManager.default.isExecutableFile(atPath: binary) else { throw XCTSkip("no built ext4trace at \(binary)") }
        let out = NSTemporaryDirectory() + "ext4trace-kernel-\(getpid())"
        try? FileManager.default.removeItem(atPath: out)
        defer { try? FileManager.default.removeItem(atPath: out) }

        let r = try ToolRunner.run(binary, ["record", "--kernel", Self.image, "--vm-timeout", "300",
                                            "--mount-options", "buffered_iomap", "-o", out,
                                            "--workload", "builtin:seq-write:bs=4k,total=1m"])
        XCTAssertEqual(r.status, 0, r.stderr)

        // The guest's kernel, not the host's, and the image that was booted.
        let meta = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/meta.json"))) as? [String: Any])
        XCTAssertEqual(meta["kernel"] as? String, "7.3.0-rc7+")
        XCTAssertNotEqual(meta["kernel"] as? String, ProcessInfo.processInfo.operatingSystemVersionString)
        XCTAssertEqual(meta["mount_opts"] as? String, "buffered_iomap")
        XCTAssertEqual(meta["kernel_image"] as? String, URL(fileURLWithPath: Self.image).resolvingSymlinksInPath().path)
        XCTAssertEqual((meta["kernel_image_sha256"] as? String)?.count, 64)

        // 256 writes of 4 KiB, each through the series' iomap write path once.
        let source = try TraceFile.open(out + "/trace.txt")
        var writeBegins = 0, pwrites = 0
        while let e = try source.next() {
            if e.name == "ext4_iomap_buffered_write_begin" { writeBegins += 1; XCTAssertEqual(e["length"], .uint(4096)) }
            if e.name == "sys_enter_pwrite64" { pwrites += 1 }
        }
        XCTAssertEqual(source.diagnostics.unparsedLines, 0)
        XCTAssertEqual(writeBegins, 256)
        XCTAssertEqual(pwrites, 256)
        XCTAssertTrue(FileManager.default.fileExists(atPath: out + "/formats/ext4/ext4_iomap_buffered_write_begin/format"))
        XCTAssertTrue(FileManager.default.fileExists(atPath: out + "/trace.dat"))

        // No QEMU of this recording is left.
        if let pgrep = ToolRunner.path(of: "pgrep") {
            let left = try ToolRunner.run(pgrep, ["-f", "qemu-system.*\(out)"])
            XCTAssertEqual(left.stdout, "", "QEMU left running")
        }
    }
}
