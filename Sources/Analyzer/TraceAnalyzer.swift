import TraceParser

/// Turns a stream of typed events — a capture, or a model's predicted events in the same
/// shape — into an `OverheadReport`, one event at a time, in memory bounded by the number of
/// inodes, tasks and open calls (plus, until the journal's place is learnt, 16 bytes per block
/// request, at most 16 MiB).
///
///     var analyzer = TraceAnalyzer(source: "trace.txt", geometry: geometry)
///     while let e = try events.next() { analyzer.consume(e) }
///     let report = analyzer.finish()
///
/// The analyzer sees only `TraceEvent`s: whether they were read from ftrace text, trace.dat or
/// produced by ReferenceFS makes no difference to it.
public struct TraceAnalyzer {
    public let source: String
    public let geometry: FilesystemGeometry?
    /// Only events of this device (`"7:1"`) count; events that name no device (syscalls)
    /// always do. nil: every device (captures filtered by device at record time).
    public let device: String?

    private var tasks = TaskTable()
    private var syscalls = SyscallTracker()
    private var mapping = MappingTracker()
    private var writeback = WritebackTracker()
    private var journal = JournalTracker()
    private var blockIO: BlockIOTracker
    private var latency = LatencyTracker()
    private var events = 0
    private var taskEvents: [Int: TaskSummary] = [:]
    /// The pid of the last event counted in `taskEvents` and its entry's index there.
    private var lastTask: (pid: Int, index: Dictionary<Int, TaskSummary>.Index)?
    private var firstNs: UInt64?
    private var lastNs: UInt64?
    private var names = EventNameIndex()
    /// By `names` index.
    private var kinds: [EventKind] = []

    public init(source: String, geometry: FilesystemGeometry? = nil, device: String? = nil) {
        self.source = source
        self.geometry = geometry
        self.device = device.map { String($0.map { $0 == "," ? ":" : $0 }) }
        blockIO = BlockIOTracker(geometry: geometry)
    }

    public mutating func consume(_ e: TraceEvent) {
        if let device, let d = e.device, d != device { return }
        events += 1
        if firstNs == nil { firstNs = e.timestampNs }
        lastNs = e.timestampNs
        // The task's entry found by index: by the last event's when the task is the same
        // (an index stays valid until the next insertion), else with one hash of the pid.
        if e.pid == lastTask?.pid, let i = lastTask?.index {
            taskEvents.values[i].events += 1
        } else if let i = taskEvents.index(forKey: e.pid) {
            taskEvents.values[i].events += 1
            lastTask = (e.pid, i)
        } else if taskEvents.count < TaskSummary.maxTasks {
            var t = TaskSummary(pid: e.pid, comm: e.comm)
            t.events = 1
            taskEvents[e.pid] = t
            lastTask = nil
        }
        let kind = self.kind(of: e)
        if let span = kind.span { latency.consume(e, definition: span.definition, isEnter: span.isEnter) }
        switch kind.system {
        case .syscalls: consumeSyscall(e, kind.role)
        case .filesystem: consumeFilesystem(e, kind)
        case .block: blockIO.consume(e)
        case .other: break
        }
    }

    /// What the analyzer does with events of `e`'s type, worked out on the type's first event
    /// and found again through `EventNameIndex` (no hash of the name per event).
    @inline(__always)
    private mutating func kind(of e: TraceEvent) -> EventKind {
        let index = names.index(of: e.name)
        // The same name in another system (never in the kernel's formats) is not cached.
        if let i = index, kinds[i].systemName == e.system { return kinds[i] }
        let k = EventKind(systemName: e.system, name: e.name, spans: latency.matcher)
        if index == nil {
            _ = names.add(e.name)
            kinds.append(k)
        }
        return k
    }

    private mutating func consumeSyscall(_ e: TraceEvent, _ role: EventRole?) {
        switch role {
        case .syscallEnter(let kind):
            if let abandoned = tasks.enter(kind, e) { syscalls.record(abandoned, returned: nil) }
        case .syscallExit(let kind):
            writeback.closeIomapRun(pid: e.pid)
            if let call = tasks.exit(kind, pid: e.pid) { syscalls.record(call, returned: e["ret"]?.int) }
        default: break
        }
    }

    private mutating func consumeFilesystem(_ e: TraceEvent, _ kind: EventKind) {
        let ino = kind.isJbd2 ? nil : e.inode
        if let ino {
            tasks.noteInode(ino, pid: e.pid)
            if kind.isExt4 { journal.noteInode(ino, pid: e.pid) }
        }
        switch kind.role {
        case .mapping:
            guard let ino, let call = kind.mappingCall else { return }
            let context = kind.mappingContext ?? tasks.context(of: e.pid)
            // A task mapping for a read or write has left any writeback run it was in (a
            // predicted trace has no syscall exits to end the run).
            if context == .write || context == .read { writeback.closeIomapRun(pid: e.pid) }
            mapping.count(call, ino: ino, context: context)
        case .writeback: writeback.consume(e)
        case .journal: journal.consume(e)
        case .journalSuperblock: blockIO.consume(e)
        case .writebackBoundary: writeback.closeIomapRun(pid: e.pid)
        case .syscallEnter, .syscallExit, nil: break
        }
    }

    /// Closes what is still open and assembles the report.
    public mutating func finish() -> OverheadReport {
        for call in tasks.drain() { syscalls.record(call, returned: nil) }
        writeback.finish()
        var r = OverheadReport(source: source)
        r.events = events
        r.firstTimestampNs = firstNs
        r.lastTimestampNs = lastNs
        r.geometry = geometry
        r.inodes = assembleInodes()
        r.tasks = taskEvents.values.sorted { ($0.events, $1.pid) > ($1.events, $0.pid) }
        for i in r.inodes { r.total.merge(i) }
        var orphanHandles = InodeReport(ino: nil)
        orphanHandles.handles = journal.unattributedHandles
        r.total.merge(orphanHandles)
        r.syscalls = syscalls.callsByKind
        r.unattributedSyscalls = syscalls.unattributedCalls
        r.unattributedHandles = journal.unattributedHandles
        r.commits = journal.commits
        r.commitCount = journal.commitCount
        r.blocksLogged = journal.blocksLogged
        r.commitPhasesMs = journal.phaseMs
        r.blockIO = blockIO.finish()
        r.latencies = latency.byName
        r.unmatchedExits = latency.matcher.unmatchedExits
        return r
    }

    private func assembleInodes() -> [InodeReport] {
        var all = Set(syscalls.writes.keys).union(syscalls.reads.keys).union(mapping.counts.keys)
        all.formUnion(writeback.metrics.keys)
        all.formUnion(journal.handles.keys)
        all.formUnion(journal.unwritten.keys)
        return all.sorted().map { ino in
            var i = InodeReport(ino: ino)
            i.writes = syscalls.writes[ino] ?? IOSizes()
            i.reads = syscalls.reads[ino] ?? IOSizes()
            i.mapping = mapping.counts[ino] ?? [:]
            i.writeback = writeback.metrics[ino] ?? WritebackMetrics()
            i.handles = journal.handles[ino] ?? [:]
            i.unwritten = journal.unwritten[ino] ?? UnwrittenMetrics()
            return i
        }
    }
}

extension TraceAnalyzer {
    /// The fields `consume` reads of events `system:name`, for
    /// `TraceReadOptions.decodeOnlyFieldsOf`: what it reads of every event (its inode, and its
    /// device — `dev`, writeback's `name` — when `filteringDevice`: the analyzer has a `device`),
    /// and what the tracker of the event's role and the latency matcher read of it; every field
    /// (nil) of the block layer's events and of system calls named for no role here. Decoding
    /// no more spares the reader most of its work, and a symbol (`caller %pS`) nothing reads
    /// spares it loading kallsyms.
    public static func fieldsRead(system: String, name: String, filteringDevice: Bool = true) -> Set<String>? {
        if system == "block" { return nil }
        var fields = filteringDevice ? identifyingFields : ["ino"]
        switch EventRole.of(name) {
        case .syscallEnter?: fields.formUnion(["fd", "count"])
        case .syscallExit?: fields.insert("ret")
        case .writeback?: fields.formUnion(writebackFields)
        case .journal?: fields.formUnion(journalFields)
        case .journalSuperblock?: return nil
        case .mapping?, .writebackBoundary?: break
        case nil:
            if system == "syscalls" { return nil }
        }
        for d in SpanDefinition.all where d.enter == name || d.exit == name {
            if case .field(let key) = d.key { fields.insert(key) }
        }
        return fields
    }

    static let identifyingFields: Set<String> = ["dev", "ino", "name"]
    /// What `WritebackTracker` reads besides the inode.
    static let writebackFields: Set<String> = ["pages_written", "offset", "length", "addr", "type", "dirty_len"]
    /// What `JournalTracker`, `JournalStatistics` and `HandleInodes` read besides the inode.
    static let journalFields: Set<String> = Set(["blocks", "type", "requested_blocks", "dirtied_blocks", "tid",
                                                 "handle_count", "blocks_logged", "flags", "len"] + CommitRecord.phaseNames)

    /// Reads `source` to the end. `progress` is called every 64 Ki events with the bytes read
    /// and the input's size.
    public static func analyze(_ source: any TraceEventSource, name: String, geometry: FilesystemGeometry?,
                               device: String? = nil,
                               progress: ((Int, Int?) -> Void)? = nil) throws(TraceError) -> OverheadReport {
        var analyzer = TraceAnalyzer(source: name, geometry: geometry, device: device)
        var n = 0
        if let prefetching = source as? PrefetchingSource {
            // Events read in place in their batch: no copy of each event out of `next()`.
            while true {
                let batch = try prefetching.nextBatch()
                if batch.isEmpty { break }
                // Each event is still copied for the call (its retains and releases are 5% of
                // the analyzer's time): the batch's storage is shared with the source.
                for i in batch.indices { analyzer.consume(batch[i]) }
                let before = n
                n += batch.count
                if n >> 16 != before >> 16, let progress { progress(source.progress.done, source.progress.total) }
            }
            return analyzer.finish()
        }
        while let e = try source.next() {
            analyzer.consume(e)
            n += 1
            if n & 0xFFFF == 0, let progress { progress(source.progress.done, source.progress.total) }
        }
        return analyzer.finish()
    }
}

/// Where the analyzer sends events of one type: worked out from the type's system and name
/// once, so that no event's name or system is compared or hashed again.
struct EventKind {
    enum SystemClass { case syscalls, filesystem, block, other }
    var systemName: String
    var system: SystemClass
    var role: EventRole?
    /// The span of `SpanDefinition.all` this event enters or exits (the latency matcher reads it).
    var span: (definition: Int, isEnter: Bool)?
    /// jbd2's events: their `ino` (a journal inode) names no file.
    var isJbd2: Bool
    /// ext4's events: those naming an inode name the task's open journal handle's.
    var isExt4: Bool
    /// The counter a `.mapping` event adds to.
    var mappingCall: MappingTracker.Call?
    /// The context a `.mapping` event states itself (`MappingTracker.context(of:)`).
    var mappingContext: MappingContext?

    init(systemName: String, name: String, spans: SpanMatcher) {
        self.systemName = systemName
        system = EventKind.systemClass(systemName)
        role = EventRole.of(name)
        span = spans.role(of: name)
        isJbd2 = systemName == "jbd2"
        isExt4 = systemName == "ext4"
        mappingCall = MappingTracker.call(of: name)
        mappingContext = MappingTracker.context(of: name)
    }

    static func systemClass(_ system: String) -> SystemClass {
        switch system {
        case "syscalls": .syscalls
        case "ext4", "iomap", "writeback", "jbd2": .filesystem
        case "block": .block
        default: .other
        }
    }
}

/// What an event is to the analyzer, looked up once per event type by name.
enum EventRole {
    case syscallEnter(SyscallKind), syscallExit(SyscallKind)
    case mapping, writeback, journal, journalSuperblock
    /// The end of a writeback pass of a task (`writeback_written`, `writeback_single_inode`).
    case writebackBoundary

    static func of(_ name: String) -> EventRole? { table[name] }

    static let table: [String: EventRole] = {
        var t: [String: EventRole] = [:]
        for kind in SyscallKind.allCases {
            t["sys_enter_" + kind.rawValue] = .syscallEnter(kind)
            t["sys_exit_" + kind.rawValue] = .syscallExit(kind)
        }
        for name in MappingTracker.events { t[name] = .mapping }
        for name in WritebackTracker.events { t[name] = .writeback }
        for name in JournalTracker.events { t[name] = .journal }
        t["jbd2_write_superblock"] = .journalSuperblock
        t["writeback_written"] = .writebackBoundary
        t["writeback_single_inode"] = .writebackBoundary
        return t
    }()
}
