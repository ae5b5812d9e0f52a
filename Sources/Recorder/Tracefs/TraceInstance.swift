#if canImport(Glibc)
import Glibc
#endif
import TraceParser

/// A tracefs instance (`instances/ext4trace-PID`) of ext4trace's own: its own ring buffer,
/// events, filters and `tracing_on`, so the top-level tracing state is never touched.
public final class TraceInstance {
    public let tracefs: Tracefs
    public let name: String
    /// `instances/NAME`, relative to the tracefs root.
    public let directory: String
    private(set) var removed = false

    /// Creates the instance (mkdir), with tracing off until `start()`.
    public init(tracefs: Tracefs, name: String) throws {
        self.tracefs = tracefs
        self.name = name
        directory = "instances/\(name)"
        if mkdir(tracefs.path(directory), 0o755) != 0 {
            throw RecorderError(.io, tracefs.path(directory), "cannot create tracefs instance: \(errnoText())")
        }
        try write("tracing_on", "0")
    }

    func path(_ relative: String) -> String { "\(directory)/\(relative)" }
    func write(_ relative: String, _ text: String) throws { try tracefs.write(path(relative), text) }
    func readText(_ relative: String) throws -> String { try tracefs.readText(path(relative)) }

    /// Sizes each CPU's buffer (`buffer_size_kb`).
    public func setBufferSize(kb: Int) throws { try write("buffer_size_kb", String(kb)) }

    /// The ring buffer's sub-buffer size in bytes (`buffer_subbuf_size_kb`, else the page size).
    public func subBufferSize() -> Int {
        if let text = try? readText("buffer_subbuf_size_kb"), let kb = Int(text.trimmingCharacters(in: "\n")) {
            return kb * 1024
        }
        return Int(sysconf(Int32(_SC_PAGESIZE)))
    }

    /// The event's format file as the kernel prints it.
    public func formatText(_ event: TracedEvent) throws -> [UInt8] {
        try tracefs.read(event.directory + "/format")
    }

    /// Sets the event's filter (nil clears it) and enables it.
    public func enable(_ event: TracedEvent, filter: String?) throws {
        let dir = path("events/\(event.system)/\(event.name)")
        if let filter {
            try tracefs.write(dir + "/filter", filter)
        }
        try tracefs.write(dir + "/enable", "1")
    }

    public func setTracing(_ on: Bool) throws { try write("tracing_on", on ? "1" : "0") }

    /// The CPUs the buffer has (`per_cpu/cpuN`), in order.
    public func cpus() -> [Int] {
        tracefs.list(path("per_cpu")).compactMap { $0.hasPrefix("cpu") ? Int($0.dropFirst(3)) : nil }.sorted()
    }

    /// `per_cpu/cpuN/stats` as text.
    public func stats(cpu: Int) -> String { (try? readText("per_cpu/cpu\(cpu)/stats")) ?? "" }

    /// Removes the instance: tracing off, events off, then rmdir. Safe to call twice.
    public func remove() {
        guard !removed else { return }
        try? write("tracing_on", "0")
        try? write("events/enable", "0")
        var tries = 0
        while rmdir(tracefs.path(directory)) != 0 && errno == EBUSY && tries < 50 {
            tries += 1
            usleep(100_000)   // a reader of trace_pipe_raw may still hold it for a moment
        }
        removed = access(tracefs.path(directory), F_OK) != 0
    }

    deinit { remove() }
}
