/// Everything trace.dat holds: the kernel's format descriptions, the symbol and command tables,
/// and one buffer's ring-buffer pages per CPU, exactly as `trace_pipe_raw` gave them.
///
/// The metadata files are stored as read from tracefs: `events/header_page` begins
/// `\tfield: u64 timestamp;\toffset:0;\tsize:8;\tsigned:0;`, an event format begins
/// `name: ext4_da_write_begin\nID: 1255\nformat:`, saved_cmdlines lines read `4242 xfs_io`.
public struct TraceDatContents: Sendable {
    /// The ring buffer's sub-buffer ("page") size in bytes: every CPU's data is whole pages.
    public var pageSize: Int
    /// The size of a C `long` in the traced user space (8 on x86_64).
    public var longSize: Int = 8
    public var headerPage: [UInt8]
    public var headerEvent: [UInt8]
    /// `events/ftrace/*/format`, the formats of ftrace's own records (print, function, ...).
    public var ftraceFormats: [[UInt8]]
    /// `events/SYSTEM/EVENT/format` of the events recorded, grouped by system.
    public var eventFormats: [EventSystemFormats]
    /// `/proc/kallsyms`, so `%pS` callers print as `ext4_file_open+0x241`.
    public var kallsyms: [UInt8]
    /// `printk_formats`, for trace_printk's stored format strings.
    public var printkFormats: [UInt8]
    /// `saved_cmdlines`: `PID COMM` lines naming the traced tasks.
    public var savedCmdlines: [UInt8]
    /// The `trace_clock` file as read: `[local] global counter ...`; the bracketed one was used.
    public var traceClock: String
    /// `uname -a`-like text: `Linux vm 6.18.44 #1 SMP x86_64`.
    public var uname: String
    /// `per_cpu/cpuN/stats` of each CPU, kept as trace-cmd keeps them.
    public var cpuStats: [String]
    /// The name of the buffer; empty for the top-level buffer (events print without a prefix).
    public var bufferName: String
    /// Who wrote the file.
    public var writerVersion: String
    /// The pages of each CPU, index = CPU number.
    public var cpus: [CPUPages]

    public init(pageSize: Int, headerPage: [UInt8], headerEvent: [UInt8], ftraceFormats: [[UInt8]],
                eventFormats: [EventSystemFormats], kallsyms: [UInt8], printkFormats: [UInt8],
                savedCmdlines: [UInt8], traceClock: String, uname: String, cpuStats: [String],
                bufferName: String = "", writerVersion: String, cpus: [CPUPages]) {
        self.pageSize = pageSize
        self.headerPage = headerPage
        self.headerEvent = headerEvent
        self.ftraceFormats = ftraceFormats
        self.eventFormats = eventFormats
        self.kallsyms = kallsyms
        self.printkFormats = printkFormats
        self.savedCmdlines = savedCmdlines
        self.traceClock = traceClock
        self.uname = uname
        self.cpuStats = cpuStats
        self.bufferName = bufferName
        self.writerVersion = writerVersion
        self.cpus = cpus
    }

    /// The clock in use: the bracketed name in `[local] global counter`, or `local`.
    public var clockName: String {
        guard let open = traceClock.firstIndex(of: "["),
              let close = traceClock[open...].firstIndex(of: "]") else { return "local" }
        return String(traceClock[traceClock.index(after: open)..<close])
    }
}

/// The format files of one event system, e.g. `ext4` with one entry per enabled event.
public struct EventSystemFormats: Sendable {
    public var system: String
    public var formats: [[UInt8]]

    public init(system: String, formats: [[UInt8]]) {
        self.system = system
        self.formats = formats
    }
}

/// One CPU's ring-buffer pages: in memory (tests) or spooled to a file while recording, so a
/// large buffer never has to fit in memory.
public enum CPUPages: Sendable {
    case bytes([UInt8])
    case file(path: String, size: Int)

    public var byteCount: Int {
        switch self {
        case .bytes(let b): return b.count
        case .file(_, let size): return size
        }
    }
}
