#if canImport(Glibc)
import Glibc
#endif

/// A QEMU guest booted with virtme-ng (`vng`) to record on another kernel (`record --kernel`).
/// The guest sees the host's files read-only, so the same ext4trace binary runs in it; the
/// output directory is shared writable (`--rwdir`), so the capture lands on the host.
public struct VirtualMachine: Sendable {
    public var kernel: KernelImage
    public var cpus: Int = 2
    /// QEMU's `-m` value: `2G`, `1536M`.
    public var memory: String = "2G"
    /// Extra QEMU options, appended after the accelerator's.
    public var qemuOptions: String = ""
    /// How long the guest may run before it is stopped.
    public var timeoutSeconds: Int = 900
    public var accelerator: Accelerator

    public init(kernel: KernelImage, accelerator: Accelerator = .detect()) {
        self.kernel = kernel
        self.accelerator = accelerator
    }

    /// How QEMU runs the guest's CPUs.
    public enum Accelerator: String, Sendable {
        /// Hardware virtualization through /dev/kvm.
        case kvm
        /// QEMU's translator, single-threaded: multi-threaded TCG with 2 vCPUs sometimes oopses
        /// in `trace_syscall_exit` (an int3 left by kernel text patching) on the series' kernel.
        case tcg

        /// KVM where it works: /dev/kvm opens read-write and the CPU has VMX or SVM (a machine
        /// can have /dev/kvm without hardware virtualization, where KVM cannot start a guest).
        public static func detect(cpuinfo: String? = nil) -> Accelerator {
            let fd = open("/dev/kvm", O_RDWR | O_CLOEXEC)
            guard fd >= 0 else { return .tcg }
            close(fd)
            let text = cpuinfo ?? String(decoding: (try? readWholeFile("/proc/cpuinfo")) ?? [], as: UTF8.self)
            return cpuHasVirtualization(text) ? .kvm : .tcg
        }

        /// Whether a `flags` line of /proc/cpuinfo lists `vmx` (Intel) or `svm` (AMD).
        static func cpuHasVirtualization(_ cpuinfo: String) -> Bool {
            for line in cpuinfo.split(separator: "\n") where line.hasPrefix("flags") {
                let words = line.split(separator: " ")
                if words.contains("vmx") || words.contains("svm") { return true }
            }
            return false
        }
    }

    /// The tools a boot needs, with the Debian or PyPI package that brings each.
    static let requiredTools: [(tool: String, package: String)] = [
        ("vng", "PyPI virtme-ng"), ("qemu-system-x86_64", "Debian qemu-system-x86"),
    ]

    /// Fails with one line naming the first missing tool and where it comes from.
    public static func checkTools() throws {
        for (tool, package) in requiredTools where !Subprocess.isInstalled(tool) {
            throw RecorderError(.command, tool, "not installed (record --kernel needs it; scripts/setup installs \(package))")
        }
    }

    /// The `vng` command line that boots the kernel, shares `sharedDirectory` writable and runs
    /// `guestCommand` in the guest. `-v` sends the kernel console to stderr, where a panic
    /// can be read.
    func vngArguments(sharedDirectory: String, guestCommand: [String]) -> [String] {
        var args = ["vng", "-v", "-r", kernel.path, "--cpus", String(cpus), "--memory", memory]
        var qemu = qemuOptions
        if accelerator == .tcg {
            args.append("--disable-kvm")
            qemu = "-accel tcg,thread=single" + (qemu.isEmpty ? "" : " " + qemu)
        }
        if !qemu.isEmpty { args += ["--qemu-opts=" + qemu] }
        args += ["--rwdir", sharedDirectory, "--"] + guestCommand
        return args
    }
}
