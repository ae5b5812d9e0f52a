#if canImport(Glibc)
import Glibc
#endif
import TraceParser

extension Recorder {
    /// Saves the instance's `trace` text, then drains its per-CPU pages into `trace.dat`.
    /// The text is read first: reading `trace_pipe_raw` consumes the events.
    func capture(_ trace: TraceInstance, events: [TracedEvent], formats: [TracedEvent: [UInt8]]) throws {
        try copyFile(trace.tracefs.path(trace.path("trace")), to: outputPath(CaptureDirectory.FileName.traceText))
        summary.files.append(CaptureDirectory.FileName.traceText)

        let cpus = trace.cpus()
        let stats = cpus.map { trace.stats(cpu: $0) }
        summary.lostEvents = stats.reduce(0) { $0 + CPUStats(parsing: $1).lost }
        let pageSize = trace.subBufferSize()
        var pages: [CPUPages] = []
        let spoolDirectory = try spoolDirectoryPath()
        defer { for cpu in cpus { unlink("\(spoolDirectory)/ext4trace-cpu\(cpu).pages") }; rmdir(spoolDirectory) }
        for cpu in cpus {
            let drained = try trace.drain(cpu: cpu, pageSize: pageSize,
                                          spoolPath: "\(spoolDirectory)/ext4trace-cpu\(cpu).pages")
            pages.append(drained.pages)
            summary.pagesPerCPU.append(drained.pageCount)
            summary.pagesAfterLoss += drained.pagesAfterLoss
        }

        let contents = TraceDatContents(
            pageSize: pageSize,
            headerPage: try trace.tracefs.read("events/header_page"),
            headerEvent: try trace.tracefs.read("events/header_event"),
            ftraceFormats: trace.tracefs.list("events/ftrace").compactMap {
                try? trace.tracefs.read("events/ftrace/\($0)/format")
            },
            eventFormats: groupBySystem(events, formats),
            kallsyms: (try? readWholeFile("/proc/kallsyms")) ?? [],
            printkFormats: (try? trace.tracefs.read("printk_formats")) ?? [],
            savedCmdlines: (try? trace.tracefs.read("saved_cmdlines")) ?? [],
            traceClock: (try? trace.readText("trace_clock")) ?? "[local]\n",
            uname: unameText(),
            cpuStats: zip(cpus, stats).map { "CPU: \($0)\n" + $1 },     // as trace-cmd stores them
            writerVersion: options.toolVersion,
            cpus: pages)
        log("writing trace.dat (\(options.fileVersion == .v6 ? "v6" : options.fileVersion == .v7(compressed: true) ? "v7, zstd" : "v7"), \(summary.pagesPerCPU.reduce(0, +)) pages)")
        try TraceDatWriter.write(contents, to: outputPath(CaptureDirectory.FileName.traceDat), version: options.fileVersion)
        summary.files.append(CaptureDirectory.FileName.traceDat)
        var st = stat()
        if stat(outputPath(CaptureDirectory.FileName.traceDat), &st) == 0 { summary.traceDatBytes = Int(st.st_size) }
    }

    /// The formats grouped per system, systems in the order they were first enabled.
    func groupBySystem(_ events: [TracedEvent], _ formats: [TracedEvent: [UInt8]]) -> [EventSystemFormats] {
        var order: [String] = []
        var bySystem: [String: [[UInt8]]] = [:]
        for e in events {
            guard let f = formats[e] else { continue }
            if bySystem[e.system] == nil { order.append(e.system) }
            bySystem[e.system, default: []].append(f)
        }
        return order.map { EventSystemFormats(system: $0, formats: bySystem[$0] ?? []) }
    }

    /// A directory for the spooled pages next to the output (same filesystem as trace.dat,
    /// never on the traced filesystem).
    func spoolDirectoryPath() throws -> String {
        var template = Array("\(options.outputDirectory)/.ext4trace-pages-XXXXXX".utf8CString)
        guard template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) != nil else {
            throw RecorderError(.io, options.outputDirectory, "cannot create a spool directory: \(errnoText())")
        }
        return template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    }

    /// Streams a (tracefs) file to `destination` in 1 MiB reads.
    func copyFile(_ source: String, to destination: String) throws {
        let fd = open(source, O_RDONLY | O_CLOEXEC)
        if fd < 0 { throw RecorderError(.io, source, "cannot open: \(errnoText())") }
        defer { close(fd) }
        var out = try OutputFile(creating: destination)
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress!, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n < 0 { throw RecorderError(.io, source, "read failed: \(errnoText())") }
            if n == 0 { return }
            try buffer.withUnsafeBytes { try out.write(UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
        }
    }
}

/// `Linux vm 6.18.44 #1 SMP PREEMPT_DYNAMIC x86_64`, as trace-cmd's UNAME option holds it.
func unameText() -> String {
    var u = utsname()
    uname(&u)
    func field<T>(_ value: T) -> String {
        withUnsafeBytes(of: value) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
    }
    return "\(field(u.sysname)) \(field(u.nodename)) \(field(u.release)) \(field(u.machine))"
}

/// `uname -r`.
func kernelRelease() -> String {
    var u = utsname()
    uname(&u)
    return withUnsafeBytes(of: u.release) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
}
