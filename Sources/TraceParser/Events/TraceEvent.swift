/// One tracepoint hit, whatever the input format it came from.
///
/// Text inputs fill `position` with `.line(n)` (1-based); trace.dat fills `.record(n)`, the
/// event's index in time order.
public struct TraceEvent: Sendable, Equatable {
    /// Timestamp in nanoseconds, exact to the digits printed.
    public var timestampNs: UInt64
    /// How many fractional digits of seconds the input printed (6 for µs, 9 for ns), so the
    /// timestamp can be written back exactly as printed.
    public var timestampDigits: UInt8
    public var cpu: Int
    public var pid: Int
    /// The thread group id, where the input has it (the `record-tgid` column).
    public var tgid: Int?
    public var comm: String
    /// The tracefs instance (trace-cmd's `instance:` prefix, or a trace.dat buffer name).
    public var instance: String?
    /// The tracing subsystem (`ext4`, `jbd2`, `iomap`, `block`, `writeback`, `syscalls`, ...).
    public var system: String
    /// The canonical event name: `ext4_da_write_begin`, `sys_enter_pwrite64`, ...
    public var name: String
    public var fields: [EventField]
    public var position: SourceLocation
    /// The event printed through its print format as `trace-cmd report` prints it, when the
    /// reader was asked to (`TraceReadOptions.renderBodies`, trace.dat input).
    public var printedBody: String?

    public init(timestampNs: UInt64, timestampDigits: UInt8 = 6, cpu: Int, pid: Int,
                tgid: Int? = nil, comm: String, instance: String? = nil, system: String,
                name: String, fields: [EventField], position: SourceLocation, printedBody: String? = nil) {
        self.timestampNs = timestampNs
        self.timestampDigits = timestampDigits
        self.cpu = cpu
        self.pid = pid
        self.tgid = tgid
        self.comm = comm
        self.instance = instance
        self.system = system
        self.name = name
        self.fields = fields
        self.position = position
        self.printedBody = printedBody
    }

    /// The value of the field named `name`, if the event has it.
    @inlinable public subscript(name: String) -> FieldValue? {
        for f in fields where f.name == name { return f.value }
        return nil
    }

    /// `dev` as `"major:minor"` (ext4 prints `7,1`, iomap `7:1`, writeback's `bdi`/`name`).
    public var device: String? {
        if let d = self["dev"]?.string { return d }
        if let d = self["name"]?.string, system == "writeback" { return d }
        return nil
    }

    /// The inode number, for events that carry one.
    public var inode: UInt64? { self["ino"]?.uint }
}
