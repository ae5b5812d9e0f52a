import TraceParser

/// An operation the trace brackets with an enter and an exit event.
public struct SpanDefinition: Sendable, Equatable {
    /// How an exit finds its enter: on the same task, or by a field both carry (a jbd2
    /// transaction id).
    public enum Key: Sendable, Equatable { case task, field(String) }

    public var name: String
    public var enter: String
    public var exit: String
    public var key: Key
    /// How many calls of this kind one key may have open: 1 for system calls (a task is in
    /// one at a time; an enter whose exit the trace lacks, like `sys_enter_fsync` in the corpus,
    /// is dropped at the task's next one), a few for kernel functions.
    public var maxOpen: Int = 8

    /// The pairs the report measures and the Chrome export draws as slices.
    public static let all: [SpanDefinition] =
        SyscallKind.allCases.map { SpanDefinition(name: $0.rawValue, enter: "sys_enter_\($0.rawValue)", exit: "sys_exit_\($0.rawValue)", key: .task, maxOpen: 1) } + [
            SpanDefinition(name: "ext4_sync_file", enter: "ext4_sync_file_enter", exit: "ext4_sync_file_exit", key: .task),
            SpanDefinition(name: "ext4_writepages", enter: "ext4_writepages", exit: "ext4_writepages_result", key: .task),
            SpanDefinition(name: "ext4_ext_map_blocks", enter: "ext4_ext_map_blocks_enter", exit: "ext4_ext_map_blocks_exit", key: .task),
            SpanDefinition(name: "ext4_ind_map_blocks", enter: "ext4_ind_map_blocks_enter", exit: "ext4_ind_map_blocks_exit", key: .task),
            SpanDefinition(name: "ext4_truncate", enter: "ext4_truncate_enter", exit: "ext4_truncate_exit", key: .task),
            SpanDefinition(name: "ext4_fallocate", enter: "ext4_fallocate_enter", exit: "ext4_fallocate_exit", key: .task),
            SpanDefinition(name: "jbd2_commit", enter: "jbd2_start_commit", exit: "jbd2_end_commit", key: .field("transaction")),
        ]
}

/// One matched enter/exit pair.
public struct Span: Sendable, Equatable {
    public var definition: Int
    public var pid: Int
    public var startNs: UInt64
    public var endNs: UInt64
    /// The enter event's fields (for the Chrome export's slice arguments).
    public var enterFields: [EventField]
    public var durationNs: UInt64 { endNs &- startNs }
}

/// Pairs enter and exit events per task (or per transaction), innermost first, in memory
/// bounded by the depth of open calls.
///
///     xfs_io-3603 [000] ..... 2027.501816: ext4_sync_file_enter: dev 7,1 ino 12 parent 2 datasync 0
///     xfs_io-3603 [001] ..... 2027.502804: ext4_sync_file_exit: dev 7,1 ino 12 ret 0
///
/// An exit with no enter (the trace began inside the call) is counted, not matched.
public struct SpanMatcher: Sendable {
    public let definitions: [SpanDefinition]
    /// Event name → (definition, whether the event enters it): one lookup per event.
    private var roles: [String: (definition: Int, isEnter: Bool)] = [:]
    private var open: [OpenKey: [(start: UInt64, pid: Int, fields: [EventField])]] = [:]
    public private(set) var unmatchedExits = 0

    struct OpenKey: Hashable { var definition: Int; var id: Int64 }

    public init(_ definitions: [SpanDefinition] = SpanDefinition.all) {
        precondition(definitions.allSatisfy { $0.maxOpen >= 1 })
        self.definitions = definitions
        for (i, d) in definitions.enumerated() { roles[d.enter] = (i, true); roles[d.exit] = (i, false) }
    }

    /// An enter that was never closed.
    public struct OpenCall: Sendable {
        public var definition: Int
        public var pid: Int
        public var startNs: UInt64
        public var fields: [EventField]
    }

    public enum Outcome {
        case none
        /// An enter; `dropped` is an older enter of the same key given up to stay within `maxOpen`.
        case opened(dropped: OpenCall?)
        case closed(Span)
    }

    /// Enters given up because their key had `maxOpen` calls open.
    public private(set) var droppedEnters = 0

    /// Feeds one event: opens a span at an enter, returns the span an exit closes.
    public mutating func consume(_ e: TraceEvent) -> Outcome {
        guard let (i, isEnter) = roles[e.name] else { return .none }
        return consume(e, definition: i, isEnter: isEnter)
    }

    /// The definition events named `name` enter or exit, and which of the two (nil: none).
    public func role(of name: String) -> (definition: Int, isEnter: Bool)? { roles[name] }

    /// `consume` of an event whose `role(of:)` is known (looked up once per event type).
    public mutating func consume(_ e: TraceEvent, definition i: Int, isEnter: Bool) -> Outcome {
        if isEnter {
            let k = key(i, e)
            var stack = open.removeValue(forKey: k) ?? []
            var dropped: OpenCall?
            if stack.count >= definitions[i].maxOpen {
                let oldest = stack.removeFirst()
                dropped = OpenCall(definition: i, pid: oldest.pid, startNs: oldest.start, fields: oldest.fields)
                droppedEnters += 1
            }
            stack.append((e.timestampNs, e.pid, e.fields))
            open[k] = stack
            return .opened(dropped: dropped)
        }
        let k = key(i, e)
        guard let start = open[k]?.popLast() else { unmatchedExits += 1; return .none }
        return .closed(Span(definition: i, pid: start.pid, startNs: start.start, endNs: e.timestampNs, enterFields: start.fields))
    }

    /// Calls still open at the end, oldest first.
    public func unclosed() -> [OpenCall] {
        open.flatMap { k, starts in starts.map { OpenCall(definition: k.definition, pid: $0.pid, startNs: $0.start, fields: $0.fields) } }
            .sorted { $0.startNs < $1.startNs }
    }

    private func key(_ i: Int, _ e: TraceEvent) -> OpenKey {
        switch definitions[i].key {
        case .task: return OpenKey(definition: i, id: Int64(e.pid))
        case .field(let f): return OpenKey(definition: i, id: e[f]?.int ?? -1)
        }
    }
}
