#if canImport(Glibc)
import Glibc
#endif

/// How a guest command ended: its exit status (vng passes it on), what it printed on stdout,
/// and what it printed on stderr.
public struct GuestRun: Sendable {
    public var status: Int32
    public var output: String
    public var errorLines: [String]
}

extension VirtualMachine {
    /// Boots the guest, runs `guestCommand` in it and waits for it to power off.
    ///
    /// vng runs in its own process group, with QEMU inside it; whatever happens — the command
    /// ends, the guest panics, the timeout passes, SIGINT or SIGTERM arrives — the whole group
    /// is stopped before this returns, so no QEMU outlives the recording.
    /// Throws `.guest` when the guest kernel panicked (quoting the console's panic lines) or
    /// timed out, `.interrupted` after a signal.
    public func run(_ guestCommand: [String], sharedDirectory: String, scratchDirectory: String = "/tmp",
                    log: (String) -> Void = { _ in }) throws -> GuestRun {
        try Self.checkTools()
        let stdout = try TemporaryFile(in: scratchDirectory, prefix: "vm-stdout")
        let console = try TemporaryFile(in: scratchDirectory, prefix: "vm-console")
        defer { stdout.remove(); console.remove() }

        InterruptSignals.install()
        defer { InterruptSignals.restore() }
        log("booting \(kernel.path) (\(accelerator == .kvm ? "KVM" : "TCG, single-threaded"), \(cpus) CPUs, \(memory))")
        let pid = try Subprocess.spawn(vngArguments(sharedDirectory: sharedDirectory, guestCommand: guestCommand),
                                       stdinPath: "/dev/null", stdoutPath: stdout.path, stderrPath: console.path,
                                       ownProcessGroup: true)
        let ending = Self.waitOrStop(processGroup: pid, timeoutSeconds: timeoutSeconds)

        let consoleText = String(decoding: (try? readWholeFile(console.path)) ?? [], as: UTF8.self)
        let guest = GuestConsole(consoleText)
        let panic = guest.panicLines
        if !panic.isEmpty {
            throw RecorderError(.guest, kernel.path, "the guest kernel panicked: " + panic.prefix(4).joined(separator: " | "))
        }
        switch ending {
        case .signal(let s):
            throw RecorderError(.interrupted, "", "interrupted by \(s == SIGINT ? "SIGINT" : s == SIGTERM ? "SIGTERM" : "signal \(s)") while the guest ran; VM stopped")
        case .timedOut:
            throw RecorderError(.guest, kernel.path, "the guest did not finish within \(timeoutSeconds) s; VM stopped")
        case .exited(let status):
            return GuestRun(status: status,
                            output: String(decoding: (try? readWholeFile(stdout.path)) ?? [], as: UTF8.self),
                            errorLines: guest.commandLines)
        }
    }

    enum Ending: Equatable {
        case exited(Int32)
        case signal(Int32)
        case timedOut
    }

    /// Waits for the process group's leader, polling so that a signal or the deadline can
    /// interrupt; then stops every process left in the group: SIGTERM, up to 3 s of grace,
    /// SIGKILL.
    static func waitOrStop(processGroup pid: pid_t, timeoutSeconds: Int) -> Ending {
        let deadline = monotonicSeconds() + Double(timeoutSeconds)
        var ending: Ending?
        while ending == nil {
            var status: Int32 = 0
            let r = waitpid(pid, &status, WNOHANG)
            if r == pid {
                ending = .exited(status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f))
                break
            }
            if r < 0 && errno != EINTR { ending = .exited(-1); break }
            if let s = InterruptSignals.signal { ending = .signal(s); break }
            if monotonicSeconds() > deadline { ending = .timedOut; break }
            usleep(100_000)
        }
        if case .exited = ending {
            kill(-pid, SIGKILL)                          // stragglers only; normally none
        } else {
            kill(-pid, SIGTERM)
            let grace = monotonicSeconds() + 3
            var status: Int32 = 0
            while waitpid(pid, &status, WNOHANG) == 0 && monotonicSeconds() < grace { usleep(50_000) }
            kill(-pid, SIGKILL)
            _ = waitpid(pid, &status, 0)
        }
        return ending ?? .exited(-1)
    }
}

func monotonicSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}
