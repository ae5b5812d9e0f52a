import Foundation
import TestSupport
import XCTest
@testable import Recorder

/// The parts of `record --kernel` that need no VM: recognising a kernel image, choosing KVM or
/// TCG, the vng command line, reading a panic off the console, and meta.json's image fields.
final class VirtualMachineTests: XCTestCase {
    func testKernelImage_missingOrNotABzImage_isAOneLineError() throws {
        XCTAssertThrowsError(try KernelImage(checking: "/nonexistent/bzImage")) { error in
            XCTAssertEqual("\(error)", "/nonexistent/bzImage: no such kernel image")
        }
        let notKernel = Fixtures.path("iomap/seq-write-4k/iomap/trace.dat")
        XCTAssertThrowsError(try KernelImage(checking: notKernel)) { error in
            XCTAssertEqual((error as? RecorderError)?.reason, "not a bzImage kernel (no \"HdrS\" boot header at offset 0x202)")
        }
    }

    func testKernelImage_acceptsTheSharedKernel() throws {
        let image = Fixtures.directory() + "/../../shared/kernel/bzImage"
        guard FileManager.default.fileExists(atPath: image) else { throw XCTSkip("no ../shared/kernel/bzImage") }
        let kernel = try KernelImage(checking: image)
        XCTAssertFalse(kernel.path.contains(".."), "resolved: \(kernel.path)")
        XCTAssertEqual(try kernel.sha256().count, 64)
    }

    func testAccelerator_needsVMXOrSVMInTheCPUFlags() {
        XCTAssertTrue(VirtualMachine.Accelerator.cpuHasVirtualization("processor\t: 0\nflags\t\t: fpu vme de pse vmx ept\n"))
        XCTAssertTrue(VirtualMachine.Accelerator.cpuHasVirtualization("flags\t\t: fpu svm npt\n"))
        XCTAssertFalse(VirtualMachine.Accelerator.cpuHasVirtualization("flags\t\t: fpu vme hypervisor vmxnonsense\n"))
        XCTAssertFalse(VirtualMachine.Accelerator.cpuHasVirtualization(""))
    }

    func testVngArguments_TCGIsSingleThreadedAndUserOptionsFollow() throws {
        let kernel = KernelImage(unchecked: "/k/bzImage")
        var vm = VirtualMachine(kernel: kernel, accelerator: .tcg)
        vm.qemuOptions = "-smp sockets=1"
        let args = vm.vngArguments(sharedDirectory: "/tmp/cap", guestCommand: ["/bin/ext4trace", "record", "-o", "/tmp/cap"])
        XCTAssertEqual(args, ["vng", "-v", "-r", kernel.path, "--cpus", "2", "--memory", "2G", "--disable-kvm",
                              "--qemu-opts=-accel tcg,thread=single -smp sockets=1", "--rwdir", "/tmp/cap", "--",
                              "/bin/ext4trace", "record", "-o", "/tmp/cap"])
        vm.accelerator = .kvm
        vm.qemuOptions = ""
        XCTAssertFalse(vm.vngArguments(sharedDirectory: "/tmp/cap", guestCommand: ["true"]).contains("--disable-kvm"))
    }

    /// The console of the series' kernel panicking under `record --kernel ... -- sh -c 'echo c >
    /// /proc/sysrq-trigger'` (real lines; the serial console ends them with CR LF, the guest
    /// command's stderr with LF).
    func testGuestConsole_quotesThePanicLines() {
        let console = [
            "Decompressing Linux... Parsing ELF... Performing relocations... done.",
            "[    2.569072] Run /root/.pyenv/versions/3.11.7/lib/python3.11/site-packages/virtme/guest/bin/virtme-ng-init as init process",
            "[   13.027727] virtme-ng-init: starting script",
            "[   19.712344] sysrq: Trigger a crash",
            "[   19.712537] Kernel panic - not syncing: sysrq triggered crash",
            "[   19.716095] CPU: 1 UID: 0 PID: 116 Comm: sh Not tainted 7.3.0-rc7+ #2 PREEMPT(lazy)  ",
            "[   19.718837] RIP: 0033:0x7ff290251350",
        ].joined(separator: "\r\n") + "\r\nrecord: tracing on; running sh -c echo c > /proc/sysrq-trigger\n"
        let c = GuestConsole(console)
        XCTAssertEqual(c.panicLines, ["Kernel panic - not syncing: sysrq triggered crash", "RIP: 0033:0x7ff290251350"])
        XCTAssertEqual(c.commandLines, ["record: tracing on; running sh -c echo c > /proc/sysrq-trigger"])
        XCTAssertEqual(GuestConsole("[    1.0] virtme-ng-init: basic initialization done\r\n").panicLines, [])
    }

    /// The deadline stops the whole process group, not only its leader: here a shell and the
    /// `sleep` it started, as vng and the QEMU it starts.
    func testTimeout_stopsEveryProcessOfTheGroup() throws {
        // GNU sleep adds up its arguments: the second one only makes the command line unique.
        let marker = "sleep 60 0.\(getpid())1s"
        let pid = try Subprocess.spawn(["sh", "-c", "\(marker) & sleep 60"], stdinPath: "/dev/null", ownProcessGroup: true)
        usleep(300_000)
        let pgrep = try XCTUnwrap(ToolRunner.path(of: "pgrep"))
        XCTAssertNotEqual(try ToolRunner.run(pgrep, ["-f", marker]).stdout, "", "the background sleep runs")
        let started = monotonicSeconds()
        let ending = VirtualMachine.waitOrStop(processGroup: pid, timeoutSeconds: 1) { usleep(UInt32($0) * 1000) }
        XCTAssertEqual(ending, .timedOut)
        XCTAssertLessThan(monotonicSeconds() - started, 5)
        // The orphaned sleep may stay a zombie until init reaps it; none may still run.
        XCTAssertEqual(try ToolRunner.run(pgrep, ["-f", marker]).stdout, "", "the group's background sleep still runs")
    }

    func testExit_isTheLeadersStatus() throws {
        let pid = try Subprocess.spawn(["sh", "-c", "exit 3"], stdinPath: "/dev/null", ownProcessGroup: true)
        XCTAssertEqual(VirtualMachine.waitOrStop(processGroup: pid, timeoutSeconds: 30) { usleep(UInt32($0) * 1000) }, .exited(3))
    }

    func testMetaJSON_getsTheImageFieldsAppended() {
        let meta = #"{"kernel":"7.3.0-rc7+","fs":"ext4"}"# + "\n"
        let fields = GuestRecording.imageFields(kernelPath: "/k/bzImage", sha256: "ab", accelerator: .tcg, cpus: 2, memory: "2G")
        XCTAssertEqual(GuestRecording.appending(fields, toObject: meta),
                       #"{"kernel":"7.3.0-rc7+","fs":"ext4","kernel_image":"/k/bzImage","kernel_image_sha256":"ab","vm":"tcg, 2 CPUs, 2G"}"# + "\n")
    }
}
