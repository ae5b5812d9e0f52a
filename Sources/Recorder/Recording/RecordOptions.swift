/// Everything `ext4trace record` was asked to do.
public struct RecordOptions: Sendable {
    public var filesystem: FilesystemKind = .ext4
    public var imageBytes: Int64 = 512 << 20
    /// mkfs arguments, already split on spaces: `-O bigalloc -C 16384`.
    public var mkfsOptions: [String] = []
    /// The `-o` string for mount: `data=journal,nodelalloc`.
    public var mountOptions: String = ""
    public var events: EventSelection = .default
    /// Per-CPU ring-buffer size (`buffer_size_kb`).
    public var bufferKB: Int = 65536
    public var fileVersion: TraceDatFileVersion = .default
    public var outputDirectory: String
    public var workload: Workload
    /// Where tracefs is (or is to be mounted).
    public var tracefsRoot: String = Tracefs.defaultRoot
    /// Written into meta.json and the trace.dat VERSION option.
    public var toolVersion: String = "ext4trace"

    public init(outputDirectory: String, workload: Workload) {
        self.outputDirectory = outputDirectory
        self.workload = workload
    }
}

/// What a recording produced, for the one-screen summary.
public struct RecordSummary: Sendable {
    public var outputDirectory: String
    public var files: [String] = []
    public var device = DeviceNumbers(major: 0, minor: 0)
    public var eventsEnabled = 0
    public var pagesPerCPU: [Int] = []
    public var traceDatBytes = 0
    /// Events the kernel could not store, from `per_cpu/cpuN/stats` (overrun + dropped events).
    public var lostEvents = 0
    /// Pages whose header flags lost events before them.
    public var pagesAfterLoss = 0
    /// Exit status of the workload (0 for a built-in one that finished).
    public var workloadStatus: Int32 = 0
    /// Things that went wrong but did not stop the recording (a filter the kernel refused, a
    /// file whose extents could not be listed).
    public var warnings: [String] = []
}
