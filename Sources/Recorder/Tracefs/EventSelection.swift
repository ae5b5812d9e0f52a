/// Which events to record: `--events default` or a comma list of systems (`ext4`), events
/// (`block:block_rq_issue`) and bare event names (`ext4_da_write_begin`), where `default`
/// may appear in the list to add to the default set.
public struct EventSelection: Sendable, Equatable {
    /// Items as given: `default`, `ext4`, `block:block_rq_issue`, `ext4_da_write_begin`.
    public var items: [String]

    public static let `default` = EventSelection(items: ["default"])

    /// The events `record-capture.sh` recorded for the corpus: every ext4, jbd2 and iomap event,
    /// block request issue/complete, three writeback events and the workload's I/O syscalls.
    public static let defaultItems = [
        "ext4", "jbd2", "iomap",
        "block:block_rq_issue", "block:block_rq_complete",
        "writeback:writeback_dirty_inode_start", "writeback:writeback_single_inode",
        "writeback:writeback_written",
        "syscalls:sys_enter_pwrite64", "syscalls:sys_exit_pwrite64",
        "syscalls:sys_enter_pread64", "syscalls:sys_exit_pread64",
        "syscalls:sys_enter_fsync", "syscalls:sys_enter_fdatasync",
        "syscalls:sys_enter_ftruncate", "syscalls:sys_enter_fallocate", "syscalls:sys_enter_msync",
    ]

    public init(items: [String]) { self.items = items }

    /// Parses `--events`: `default`, or `ITEM,ITEM,...`.
    public init(parsing text: String) throws {
        let items = text.split(separator: ",", omittingEmptySubsequences: false).map { String($0).trimmingCharacters(in: " ") }
        if items.isEmpty || items.contains(where: \.isEmpty) {
            throw RecorderError(.usage, "--events", "expected `default` or a comma list such as `ext4,block:block_rq_issue`, got \"\(text)\"")
        }
        self.items = items
    }

    /// The events to enable, resolved against what this kernel has (`events/SYSTEM/EVENT`).
    /// Default items the kernel lacks (no iomap events, no syscall events) are skipped; items
    /// the user named that do not exist are an error.
    public func resolve(in tracefs: Tracefs) throws -> [TracedEvent] {
        var out: [TracedEvent] = []
        var seen = Set<TracedEvent>()
        func add(_ e: TracedEvent) { if seen.insert(e).inserted { out.append(e) } }
        for item in items {
            if item == "default" {
                for d in Self.defaultItems { for e in try expand(d, tracefs, required: false) { add(e) } }
            } else {
                for e in try expand(item, tracefs, required: true) { add(e) }
            }
        }
        return out
    }

    private func expand(_ item: String, _ tracefs: Tracefs, required: Bool) throws -> [TracedEvent] {
        if let event = TracedEvent(item) {
            if tracefs.exists(event.directory + "/format") { return [event] }
        } else if tracefs.exists("events/\(item)/enable") {
            return tracefs.list("events/\(item)")
                .filter { tracefs.exists("events/\(item)/\($0)/format") }
                .map { TracedEvent(system: item, name: $0) }
        } else {
            let systems = tracefs.list("events").filter { tracefs.exists("events/\($0)/\(item)/format") }
            if let system = systems.first { return [TracedEvent(system: system, name: item)] }
        }
        if !required { return [] }
        throw RecorderError(.usage, "--events", "no event or event system named \"\(item)\" in \(tracefs.path("events"))")
    }
}

extension String {
    func trimmingCharacters(in set: Character) -> String {
        var s = Substring(self)
        while s.first == set { s.removeFirst() }
        while s.last == set { s.removeLast() }
        return String(s)
    }
}
