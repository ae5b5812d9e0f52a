import TraceParser

/// The tracefs filter that keeps an event to the recorded filesystem or workload, chosen from
/// the event's own format file:
/// - a `dev_t dev` field (ext4, jbd2, iomap, block): `dev == 7340033` (the kernel dev_t,
///   major << 20 | minor);
/// - writeback events with a `name` field (the bdi name): `name == "7:1"`;
/// - syscall events: `common_pid == 4242 || comm == "xfs_io"` — the workload's process, and
///   processes with its command name (fio's forked jobs);
/// - anything else: no filter.
public struct EventFilter: Sendable {
    public var devT: UInt64
    public var majorMinor: String
    /// The workload's pid and command name, once known.
    public var pid: Int32?
    public var comm: String?

    public init(devT: UInt64, majorMinor: String, pid: Int32? = nil, comm: String? = nil) {
        self.devT = devT
        self.majorMinor = majorMinor
        self.pid = pid
        self.comm = comm
    }

    /// Whether the filter for this event depends on the workload's process.
    public static func isTaskEvent(_ event: TracedEvent) -> Bool { event.system == "syscalls" }

    public func filter(for event: TracedEvent, format: EventFormat) -> String? {
        if Self.isTaskEvent(event) {
            var terms: [String] = []
            if let pid { terms.append("common_pid == \(pid)") }
            if let comm { terms.append("comm == \"\(comm)\"") }
            return terms.isEmpty ? nil : terms.joined(separator: " || ")
        }
        if let dev = format.field(named: "dev"), dev.isDevice {
            return "dev == \(devT)"
        }
        if event.system == "writeback", let name = format.field(named: "name"), name.arrayCount != nil {
            return "name == \"\(majorMinor)\""
        }
        return nil
    }

    /// The kernel's task name for an executable path: its last component, cut to 15 bytes
    /// (TASK_COMM_LEN - 1).
    public static func commName(forExecutable path: String) -> String {
        let base = path.split(separator: "/").last.map(String.init) ?? path
        return String(decoding: Array(base.utf8.prefix(15)), as: UTF8.self)
    }
}
