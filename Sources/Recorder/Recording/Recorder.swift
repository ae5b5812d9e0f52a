#if canImport(Glibc)
import Glibc
#endif
import TraceParser

/// Records one workload on a fresh loop-mounted filesystem, the way the corpus was recorded
/// (record-capture.sh), and leaves nothing behind:
///
/// 1. image file, mkfs, `geometry.txt`, losetup, mount;
/// 2. a tracefs instance `ext4trace-PID` with the events enabled and filtered to the device
///    (and the syscall events to the workload), buffer sized by `bufferKB`;
/// 3. tracing on, the workload, `sync`, `filefrag.txt` (tracing paused), unmount (so writeback,
///    the last journal commits and inode eviction are captured), tracing off;
/// 4. `trace.txt` from the instance's `trace`, then `trace.dat` from its `trace_pipe_raw` pages,
///    and `formats/` (the kernel's format files, so the text decodes with its own layouts);
/// 5. `extents.txt` (`debugfs -R "ex <ino>"` on the unmounted device, ext4) and `meta.json`;
/// 6. always — on success, error or signal — instance removed, unmounted, loop detached,
///    image deleted, tracefs unmounted if it was mounted for this.
public final class Recorder {
    public let options: RecordOptions
    /// Progress lines ("mkfs.ext4 ...", "tracing on"), for the CLI to show on stderr.
    let log: (String) -> Void
    var summary: RecordSummary

    public init(options: RecordOptions, log: @escaping (String) -> Void = { _ in }) {
        self.options = options
        self.log = log
        summary = RecordSummary(outputDirectory: options.outputDirectory)
    }

    /// Checks what recording needs before touching anything: root, the helper tools, tracefs.
    public static func checkPrerequisites(_ options: RecordOptions) throws {
        if geteuid() != 0 {
            throw RecorderError(.notRoot, "", "ext4trace record needs root (tracefs, loop devices and mount); run it with sudo")
        }
        var tools = options.filesystem.requiredTools + ["filefrag"]
        if case .fio = options.workload { tools.append("fio") }
        for tool in tools where !Subprocess.isInstalled(tool) {
            throw RecorderError(.command, tool, "not installed (needed by ext4trace record\(tool == "fio" ? " --fio" : ""))")
        }
    }

    public func run() throws -> RecordSummary {
        try Self.checkPrerequisites(options)
        InterruptSignals.install()
        defer { InterruptSignals.restore() }

        let tracefs = try Tracefs.locate(root: options.tracefsRoot)
        defer { tracefs.release() }
        let events = try options.events.resolve(in: tracefs)
        if events.isEmpty { throw RecorderError(.usage, "--events", "no events to record on this kernel") }
        try makeOutputDirectory()

        log("making a \(options.imageBytes >> 20) MiB \(options.filesystem.rawValue) image")
        let fs = try LoopFilesystem(kind: options.filesystem, sizeBytes: options.imageBytes,
                                    mkfsOptions: options.mkfsOptions, mountOptions: options.mountOptions)
        var instance: TraceInstance?
        defer {
            instance?.remove()
            if let i = instance, !i.removed { summary.warnings.append("tracefs instance left: \(tracefs.path(i.directory))") }
            for problem in fs.tearDown() { summary.warnings.append(problem) }
        }
        try writeOutput(CaptureDirectory.FileName.geometry, try fs.geometry())
        try fs.attach()
        try fs.mount()
        summary.device = try fs.deviceNumbers()
        log("mounted \(fs.loopDevice ?? "?") (\(summary.device.text), dev_t \(summary.device.kernelDevT)) on \(fs.mountPoint)")
        try InterruptSignals.check("while setting up")

        let trace = try TraceInstance(tracefs: tracefs, name: "ext4trace-\(getpid())")
        instance = trace
        try trace.setBufferSize(kb: options.bufferKB)
        var filter = EventFilter(devT: summary.device.kernelDevT, majorMinor: summary.device.text)
        let formats = try enableDeviceEvents(events, in: trace, filter: filter)

        summary.workloadStatus = try runWorkload(on: fs, trace: trace, events: events, formats: formats, filter: &filter)
        try InterruptSignals.check("during the workload")

        sync()
        try trace.setTracing(false)                          // filefrag's own FIEMAP calls are not the workload's
        let files = regularFiles(under: fs.mountPoint)
        try writeOutput(CaptureDirectory.FileName.filefrag, filefragReport(files, mountPoint: fs.mountPoint))
        try trace.setTracing(true)
        log("unmounting (final writeback, commits and eviction are traced)")
        try fs.unmount()
        try trace.setTracing(false)
        try InterruptSignals.check("while unmounting")

        try capture(trace, events: events, formats: formats)
        try saveFormats(events, recorded: formats, tracefs: tracefs)
        if options.filesystem == .ext4, let device = fs.loopDevice {
            try writeOutput(CaptureDirectory.FileName.extents, extentsReport(files, device: device, scratch: fs.workDirectory))
        }
        try writeOutput(CaptureDirectory.FileName.meta, metaJSON(events: events))
        return summary
    }

    func makeOutputDirectory() throws {
        let dir = options.outputDirectory
        if mkdir(dir, 0o755) != 0 && errno != EEXIST {
            throw RecorderError(.io, dir, "cannot create the output directory: \(errnoText())")
        }
    }

    func outputPath(_ name: String) -> String { options.outputDirectory + "/" + name }

    func writeOutput(_ name: String, _ bytes: [UInt8]) throws {
        var file = try OutputFile(creating: outputPath(name))
        try file.write(bytes)
        summary.files.append(name)
    }

    func writeOutput(_ name: String, _ text: String) throws { try writeOutput(name, Array(text.utf8)) }

    /// Enables every event whose filter does not depend on the workload's process, with its
    /// device filter; returns each event's format file for the trace.dat.
    func enableDeviceEvents(_ events: [TracedEvent], in trace: TraceInstance,
                            filter: EventFilter) throws -> [TracedEvent: [UInt8]] {
        var formats: [TracedEvent: [UInt8]] = [:]
        for event in events {
            let text = try trace.formatText(event)
            formats[event] = text
            if EventFilter.isTaskEvent(event) { continue }
            try enable(event, text, in: trace, filter: filter)
        }
        summary.eventsEnabled = events.count
        return formats
    }

    func enable(_ event: TracedEvent, _ formatText: [UInt8], in trace: TraceInstance, filter: EventFilter) throws {
        let format = try? EventFormat.parse(String(decoding: formatText, as: UTF8.self), system: event.system)
        let expression = format.flatMap { filter.filter(for: event, format: $0) }
        do {
            try trace.enable(event, filter: expression)
        } catch let error as RecorderError {
            // A filter the kernel refuses: record the event unfiltered rather than lose it.
            guard let expression else { throw error }
            summary.warnings.append("\(event): filter \"\(expression)\" refused (\(error.reason)); recorded unfiltered")
            try trace.enable(event, filter: nil)
        }
    }
}
