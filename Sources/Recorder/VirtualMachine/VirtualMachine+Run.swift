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
    public func run(_ guestCommand: [String], sharedDirectory: String,
                    log: (String) -> Void = { _ in }) throws -> GuestRun {
        try Self.checkTools()
        // Pipes, not files: QEMU opens /proc/self/fd/1 and /proc/self/fd/2 once per virtio
        // port and for the console, each with its own offset, which would overwrite each other
        // in a regular file.
        var output = try OutputPipes()
        defer { output.closeAll() }

        InterruptSignals.install()
        defer { InterruptSignals.restore() }
        log("booting \(kernel.path) (\(accelerator == .kvm ? "KVM" : "TCG, single-threaded"), \(cpus) CPUs, \(memory))")
        let pid = try Subprocess.spawn(vngArguments(sharedDirectory: sharedDirectory, guestCommand: guestCommand),
                                       stdinPath: "/dev/null", ownProcessGroup: true,
                                       dup2: [(output.writeEnds.stdout, 1), (output.writeEnds.stderr, 2)])
        output.closeWriteEnds()
        let ending = Self.waitOrStop(processGroup: pid, timeoutSeconds: timeoutSeconds) { output.drain(waitingMs: $0) }
        output.drainToEnd(withinMs: 2000)

        let guest = GuestConsole(String(decoding: output.stderr, as: UTF8.self))
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
            return GuestRun(status: status, output: String(decoding: output.stdout, as: UTF8.self),
                            errorLines: guest.commandLines)
        }
    }

    enum Ending: Equatable {
        case exited(Int32)
        case signal(Int32)
        case timedOut
    }

    /// Waits for the process group's leader, calling `idle` (which waits up to the given
    /// milliseconds, e.g. for output) between checks, so that a signal or the deadline can
    /// interrupt; then stops every process left in the group: SIGTERM, up to 3 s of grace,
    /// SIGKILL.
    static func waitOrStop(processGroup pid: pid_t, timeoutSeconds: Int, idle: (Int32) -> Void) -> Ending {
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
            idle(100)
        }
        if case .exited = ending {
            kill(-pid, SIGKILL)                          // stragglers only; normally none
        } else {
            kill(-pid, SIGTERM)
            let grace = monotonicSeconds() + 3
            var status: Int32 = 0
            while waitpid(pid, &status, WNOHANG) == 0 && monotonicSeconds() < grace { idle(50) }
            kill(-pid, SIGKILL)
            _ = waitpid(pid, &status, 0)
        }
        return ending ?? .exited(-1)
    }
}

/// The child's stdout and stderr as two pipes, read into memory as they fill (a guest's
/// console is some 100 KiB), so the child never blocks on a full pipe.
struct OutputPipes: ~Copyable {
    private var readEnds: [Int32]
    private(set) var writeEnds: (stdout: Int32, stderr: Int32)
    private(set) var stdout: [UInt8] = []
    private(set) var stderr: [UInt8] = []

    init() throws {
        var out: [Int32] = [-1, -1], err: [Int32] = [-1, -1]
        guard pipe(&out) == 0 else { throw RecorderError(.io, "pipe", errnoText()) }
        guard pipe(&err) == 0 else {
            close(out[0]); close(out[1])
            throw RecorderError(.io, "pipe", errnoText())
        }
        // Close-on-exec, so only the dup2'ed copies (fd 1 and 2) reach the child.
        for fd in out + err { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        readEnds = [out[0], err[0]]
        writeEnds = (out[1], err[1])
    }

    mutating func closeWriteEnds() {
        for fd in [writeEnds.stdout, writeEnds.stderr] where fd >= 0 { close(fd) }
        writeEnds = (-1, -1)
    }

    mutating func closeAll() {
        closeWriteEnds()
        for fd in readEnds where fd >= 0 { close(fd) }
        readEnds = [-1, -1]
    }

    /// Reads whatever arrives within `waitingMs`; returns false once both pipes are at EOF.
    @discardableResult
    mutating func drain(waitingMs: Int32) -> Bool {
        var fds = readEnds.filter { $0 >= 0 }.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
        if fds.isEmpty { return false }
        guard poll(&fds, nfds_t(fds.count), waitingMs) > 0 else { return true }
        var chunk = [UInt8](repeating: 0, count: 65536)
        for p in fds where p.revents != 0 {
            let n = chunk.withUnsafeMutableBytes { read(p.fd, $0.baseAddress, $0.count) }
            if n > 0 {
                if p.fd == readEnds[0] { stdout += chunk[0..<n] } else { stderr += chunk[0..<n] }
            } else if n == 0 || (errno != EINTR && errno != EAGAIN) {
                close(p.fd)
                readEnds = readEnds.map { $0 == p.fd ? -1 : $0 }
            }
        }
        return readEnds.contains { $0 >= 0 }
    }

    /// Reads until both pipes are at EOF (every writer gone) or `withinMs` passes.
    mutating func drainToEnd(withinMs: Int) {
        let end = monotonicSeconds() + Double(withinMs) / 1000
        while monotonicSeconds() < end, drain(waitingMs: 50) {}
    }
}

func monotonicSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}
