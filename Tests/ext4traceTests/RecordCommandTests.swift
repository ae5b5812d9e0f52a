import Foundation
import TestSupport
import XCTest

/// `ext4trace record` run as a user would: the built binary, its exit status and its output.
final class RecordCommandTests: XCTestCase {
    /// Runs another program (setpriv) with ext4trace as its argument.
    private func run(_ executable: String, _ args: [String]) throws -> CLI.Result { try CLI.run(args, executable: executable) }

    func testNoWorkload_isAUsageErrorNamingTheThreeWays() throws {
        let r = try CLI.run(["record", "-o", "/tmp/ext4trace-never-made-\(getpid())"])
        XCTAssertNotEqual(r.status, 0)
        XCTAssertTrue(r.stderr.contains("give exactly one workload"), r.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: "/tmp/ext4trace-never-made-\(getpid())"))
    }

    func testNotRoot_saysSoInOneLineAndExitsNonZero() throws {
        guard geteuid() == 0, FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv") else {
            throw XCTSkip("needs root and setpriv to run ext4trace as an unprivileged user")
        }
        // A copy the unprivileged user can execute wherever the build tree is.
        let dir = "/tmp/ext4trace-record-cli-\(getpid())"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o755])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.copyItem(atPath: CLI.binary, toPath: dir + "/ext4trace")
        let r = try run("/usr/bin/setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups",
                                            dir + "/ext4trace", "record", "-o", dir + "/out", "--", "true"])
        XCTAssertEqual(r.status, 2)
        XCTAssertEqual(r.stderr, "ext4trace: record: ext4trace record needs root (tracefs, loop devices and mount); run it with sudo\n")
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/out"))
    }

    func testCommandAfterDoubleDash_runsWithMountPointSubstituted() throws {
        guard geteuid() == 0, access("/sys/kernel/tracing", F_OK) == 0 else {
            throw XCTSkip("recording needs root and tracefs")
        }
        guard FileManager.default.isExecutableFile(atPath: "/usr/sbin/xfs_io") else { throw XCTSkip("xfs_io is not installed") }
        let out = "/tmp/ext4trace-record-cli-out-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: out) }
        let r = try CLI.run(["record", "--buffer-kb", "4096", "--file-version", "6", "-o", out, "--",
                                      "xfs_io", "-f", "-c", "pwrite -b 4k 0 16k", "-c", "fsync", "{mnt}/b"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("recorded ext4 on 7:"), r.stdout)
        XCTAssertTrue(r.stdout.contains("lost events: 0\n"), r.stdout)
        let filefrag = try String(contentsOfFile: out + "/filefrag.txt", encoding: .utf8)
        XCTAssertTrue(filefrag.hasPrefix("== b\n"), filefrag)
        XCTAssertTrue(filefrag.contains("File size of MNT/b is 16384"), filefrag)
        let text = try String(contentsOfFile: out + "/trace.txt", encoding: .utf8)
        XCTAssertEqual(text.components(separatedBy: "ext4_da_write_begin:").count - 1, 4)
    }

    /// Ctrl-C (SIGINT) while the workload runs: exit 130, one line, and no instance, mount, loop
    /// device or image left.
    func testSigintDuringTheWorkload_exits130AndLeavesNothingBehind() throws {
        guard geteuid() == 0, access("/sys/kernel/tracing", F_OK) == 0 else {
            throw XCTSkip("recording needs root and tracefs")
        }
        let before = MachineState.now()
        let out = "/tmp/ext4trace-record-cli-int-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: out) }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: CLI.binary)
        p.arguments = ["record", "--buffer-kb", "1024", "-o", out, "--", "sleep", "30"]
        let err = Pipe()
        p.standardError = err
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        let instance = "/sys/kernel/tracing/instances/ext4trace-\(p.processIdentifier)"
        // Wait until the workload runs: ext4trace's child has exec'd `sleep` past the gate.
        let pid = p.processIdentifier
        func workloadRunning() -> Bool {
            let children = (try? String(contentsOfFile: "/proc/\(pid)/task/\(pid)/children", encoding: .utf8)) ?? ""
            return children.split(separator: " ").contains {
                (try? String(contentsOfFile: "/proc/\($0)/comm", encoding: .utf8)) == "sleep\n"
            }
        }
        for _ in 0..<2400 where !workloadRunning() { usleep(50_000) }
        XCTAssertTrue(workloadRunning(), "the workload started")
        let started = Date()
        kill(p.processIdentifier, SIGINT)
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        XCTAssertLessThan(Date().timeIntervalSince(started), 15)
        XCTAssertEqual(p.terminationStatus, 130)
        XCTAssertTrue(stderr.hasSuffix("ext4trace: record: interrupted by SIGINT during the workload; cleaned up\n"), "[\(stderr)]")
        XCTAssertNotEqual(access(instance, F_OK), 0, "instance removed")
        XCTAssertEqual(MachineState.now(), before, "tracefs as found; no loop device, mount or image left")
    }

    /// Runs `script` as root in a private mount namespace (`unshare --mount`), where tracefs
    /// can be put in either state without touching the machine's own mounts. `$BIN` is the
    /// built ext4trace, `$OUT` a fresh output directory.
    private func inPrivateMountNamespace(_ script: String) throws -> (output: String, out: String) {
        guard geteuid() == 0 else { throw XCTSkip("recording needs root") }
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/unshare") else { throw XCTSkip("no unshare (util-linux)") }
        guard access("/sys/kernel/tracing", F_OK) == 0 else { throw XCTSkip("kernel without tracefs") }
        let out = "/tmp/ext4trace-record-ns-\(UUID().uuidString.prefix(8))"
        addTeardownBlock { try? FileManager.default.removeItem(atPath: out) }
        let r = try CLI.run(["--mount", "--propagation", "private", "sh", "-c",
                             "BIN='\(CLI.binary)' OUT='\(out)'\n" + script], executable: "/usr/bin/unshare")
        XCTAssertEqual(r.status, 0, r.stderr)
        return (r.stdout, out)
    }

    /// What the scripts below print about tracefs once the recording is over.
    private static let tracefsReport = """
        "$BIN" record --buffer-kb 1024 -o "$OUT" --workload builtin:seq-write:bs=4k,total=64k >/dev/null
        echo "status=$?"
        echo "mounted after=$(grep -c ' /sys/kernel/tracing tracefs ' /proc/mounts)"
        echo "instances after=$(ls /sys/kernel/tracing/instances 2>/dev/null | grep -c ext4trace-)"
        """

    /// A freshly booted machine: tracefs not mounted. `record` mounts it for the recording and
    /// unmounts it again afterwards.
    func testTracefsNotMounted_isMountedForTheRecordingAndUnmountedAfter() throws {
        let (output, out) = try inPrivateMountNamespace("""
            while umount /sys/kernel/tracing 2>/dev/null; do :; done
            echo "mounted before=$(grep -c ' /sys/kernel/tracing tracefs ' /proc/mounts)"
            """ + "\n" + Self.tracefsReport)
        XCTAssertEqual(output, "mounted before=0\nstatus=0\nmounted after=0\ninstances after=0\n")
        let text = try String(contentsOfFile: out + "/trace.txt", encoding: .utf8)
        XCTAssertEqual(text.components(separatedBy: "ext4_da_write_begin:").count - 1, 16, "16 4 KiB writes were traced")
    }

    /// A machine where tracefs was mounted beforehand: `record` uses that mount, leaves it
    /// mounted, and removes its own instance.
    func testTracefsMountedBeforehand_isLeftMountedWithoutOurInstance() throws {
        let (output, out) = try inPrivateMountNamespace("""
            grep -q ' /sys/kernel/tracing tracefs ' /proc/mounts || mount -t tracefs nodev /sys/kernel/tracing
            echo "mounted before=$(grep -c ' /sys/kernel/tracing tracefs ' /proc/mounts)"
            """ + "\n" + Self.tracefsReport)
        XCTAssertEqual(output, "mounted before=1\nstatus=0\nmounted after=1\ninstances after=0\n")
        let text = try String(contentsOfFile: out + "/trace.txt", encoding: .utf8)
        XCTAssertEqual(text.components(separatedBy: "ext4_da_write_begin:").count - 1, 16, "16 4 KiB writes were traced")
    }
}
