#if canImport(Glibc)
import Glibc
#endif

extension Recorder {
    /// Starts the workload with tracing on and waits for it; returns its exit status.
    ///
    /// A command is started behind a gate — `sh -c 'read go <&3 ...; exec "$@"'` — so its pid
    /// is known and the syscall events are filtered to it before it runs its first syscall; the
    /// exec keeps the pid. A built-in workload runs in this process.
    func runWorkload(on fs: LoopFilesystem, trace: TraceInstance, events: [TracedEvent],
                     formats: [TracedEvent: [UInt8]], filter: inout EventFilter) throws -> Int32 {
        let taskEvents = events.filter(EventFilter.isTaskEvent)
        guard let argv = options.workload.argv(mountPoint: fs.mountPoint) else {
            filter.pid = getpid()
            if case .crash = options.workload { filter.comm = EventFilter.commName(forExecutable: "ext4trace") }   // thread B's tid
            for e in taskEvents { try enable(e, formats[e] ?? [], in: trace, filter: filter) }
            log("tracing on; running \(options.workload.description) in \(fs.mountPoint)")
            try trace.setTracing(true)
            switch options.workload {
            case .builtin(let builtin): try builtin.run(in: fs.mountPoint) { InterruptSignals.signal != nil }
            case .crash(let crash): try crash.run(in: fs.mountPoint) { _ in }
            default: break
            }
            return 0
        }

        var gate: [Int32] = [0, 0]
        if pipe(&gate) != 0 { throw RecorderError(.io, "pipe", errnoText()) }
        _ = fcntl(gate[1], F_SETFD, FD_CLOEXEC)
        let script = #"read -r go <&3 && [ "$go" = go ] || exit 125; exec 3<&-; exec "$@""#
        let pid: pid_t
        do {
            pid = try Subprocess.spawn(["/bin/sh", "-c", script, "ext4trace-gate"] + argv,
                                       ownProcessGroup: false, dup2: [(gate[0], 3)])
        } catch {
            close(gate[0]); close(gate[1])
            throw error
        }
        close(gate[0])
        var released = false
        defer { if !released { close(gate[1]); _ = Subprocess.wait(for: pid) } }

        filter.pid = pid
        filter.comm = EventFilter.commName(forExecutable: argv[0])
        for e in taskEvents { try enable(e, formats[e] ?? [], in: trace, filter: filter) }
        log("tracing on; running \(argv.joined(separator: " "))")
        try trace.setTracing(true)
        try InterruptSignals.check("before the workload started")

        let go = Array("go\n".utf8)
        _ = go.withUnsafeBytes { write(gate[1], $0.baseAddress!, $0.count) }
        close(gate[1])
        released = true
        let status = Subprocess.wait(for: pid) {
            // SIGTERM or SIGHUP sent to ext4trace alone: pass it on, then clean up.
            if let s = InterruptSignals.signal { kill(pid, s) }
        }
        if status == 125 { throw RecorderError(.command, argv[0], "the workload did not start") }
        if status == 127 { throw RecorderError(.command, argv[0], "command not found") }
        if status != 0 { summary.warnings.append("workload exited with status \(status)") }
        return status
    }
}
