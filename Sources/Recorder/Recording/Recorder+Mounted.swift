#if canImport(Glibc)
import Glibc
#endif
import TraceParser

extension Recorder {
    /// Traces a workload on a filesystem another part of the recorder made and mounted
    /// (`record --crash-log`: ext4 on the dm-log-writes target), so the kernel's crash states
    /// and the model's come from the same run. As `run()` does from step 2: a tracefs instance
    /// with the events filtered to `device` (and the syscall events to this process and its
    /// threads), tracing on, `workload`, `sync`, `unmount` (traced: the last writeback and
    /// commits), tracing off, then `trace.txt`, `trace.dat` and `formats/` in the output
    /// directory. Leaves out `filefrag.txt` and `extents.txt`; the caller writes `meta.json`
    /// and `geometry.txt`. The instance is removed whatever happens.
    public func traceMounted(device: String, workload: () throws -> Void, unmount: () throws -> Void) throws -> RecordSummary {
        let tracefs = try Tracefs.locate(root: options.tracefsRoot)
        defer { tracefs.release() }
        let events = try options.events.resolve(in: tracefs)
        if events.isEmpty { throw RecorderError(.usage, "--events", "no events to record on this kernel") }
        var st = stat()
        if stat(device, &st) != 0 { throw RecorderError(.io, device, "cannot stat: \(errnoText())") }
        summary.device = DeviceNumbers(rdev: UInt64(st.st_rdev))
        let trace = try TraceInstance(tracefs: tracefs, name: "ext4trace-\(getpid())")
        defer {
            trace.remove()
            if !trace.removed { summary.warnings.append("tracefs instance left: \(tracefs.path(trace.directory))") }
        }
        try trace.setBufferSize(kb: options.bufferKB)
        var filter = EventFilter(devT: summary.device.kernelDevT, majorMinor: summary.device.text)
        let formats = try enableDeviceEvents(events, in: trace, filter: filter)
        filter.pid = getpid()
        filter.comm = EventFilter.commName(forExecutable: CommandLine.arguments[0])      // the workload's second thread
        for e in events.filter(EventFilter.isTaskEvent) { try enable(e, formats[e] ?? [], in: trace, filter: filter) }
        log("tracing on (\(summary.device.text))")
        try trace.setTracing(true)
        try workload()
        sync()
        try unmount()
        try trace.setTracing(false)
        try capture(trace, events: events, formats: formats)
        try saveFormats(events, recorded: formats, tracefs: tracefs)
        return summary
    }
}
