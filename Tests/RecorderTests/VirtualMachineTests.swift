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

    /// The console of a guest that oopsed in `trace_syscall_exit` and panicked, as multi-threaded
    /// TCG sometimes made the series' kernel do (shared/kernel/README.md).
    func testGuestConsole_quotesThePanicLines() {
        let console = """
        Decompressing Linux... Parsing ELF... Performing relocations... done.
        [    5.548651] Run /usr/lib/virtme/guest/bin/virtme-ng-init as init process
        [    9.101234] int3: 0000 [#1] SMP NOPTI
        [    9.101300] CPU: 1 UID: 0 PID: 107 Comm: ext4trace Not tainted 7.3.0-rc7+ #1
        [    9.101350] RIP: 0010:trace_syscall_exit+0x5/0x30
        [    9.101999] Kernel panic - not syncing: Fatal exception
        record: tracing on
        """
        let c = GuestConsole(console)
        XCTAssertEqual(c.panicLines, ["RIP: 0010:trace_syscall_exit+0x5/0x30", "Kernel panic - not syncing: Fatal exception"])
        XCTAssertEqual(c.commandLines, ["record: tracing on"])
        XCTAssertEqual(GuestConsole("[    1.0] virtme-ng-init: basic initialization done\n").panicLines, [])
    }

    func testMetaJSON_getsTheImageFieldsAppended() {
        let meta = #"{"kernel":"7.3.0-rc7+","fs":"ext4"}"# + "\n"
        let fields = GuestRecording.imageFields(kernelPath: "/k/bzImage", sha256: "ab", accelerator: .tcg, cpus: 2, memory: "2G")
        XCTAssertEqual(GuestRecording.appending(fields, toObject: meta),
                       #"{"kernel":"7.3.0-rc7+","fs":"ext4","kernel_image":"/k/bzImage","kernel_image_sha256":"ab","vm":"tcg, 2 CPUs, 2G"}"# + "\n")
    }
}
