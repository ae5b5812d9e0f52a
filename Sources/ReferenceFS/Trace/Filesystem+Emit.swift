import TraceParser

/// The model's one way out: every tracepoint a path, the allocator or the journal predicts is
/// a `TraceEvent`, with the same system, name and field names the kernel's `format` file gives
/// it, stamped with the task and time of the operation that caused it. Analyzer reads these
/// events as it reads a capture's; `replay --emit-trace` renders them through the kernel's print
/// formats (`FtraceTextRenderer`).
extension Filesystem {
    /// Records `event` when the replay keeps a trace (`trace != nil`). Build the event inside the
    /// autoclosure, so a replay that keeps no trace pays nothing. Not counted in `counters`:
    /// events `MappingCounters.note` counts go through the named form below.
    @inlinable
    public mutating func emit(_ event: @autoclosure () -> TraceEvent) {
        if trace != nil { trace!.append(event()) }
    }

    /// Records a tracepoint of `system` named `name`, at `ctx`'s task and time, with `fields`
    /// named as in the kernel's `format` file (`dev` is filled in from `device`). Counted in
    /// `counters` (`MappingCounters.note`) whether or not the trace is kept.
    @inlinable
    public mutating func emit(_ system: String, _ name: String, _ ctx: OperationContext,
                              _ fields: @autoclosure () -> [EventField]) {
        counters.note(name)
        guard trace != nil else { return }
        trace!.append(TraceEvent(timestampNs: ctx.timestampNs, cpu: ctx.cpu, pid: ctx.pid, comm: ctx.comm,
                                 system: system, name: name,
                                 fields: [EventField("dev", .string(device))] + fields(),
                                 position: .record(trace!.count)))
    }

    /// Names the device once the replay learns it (its first ext4 event): events emitted before
    /// (the first open's superblock handle follows a syscall, which names no device) take it too.
    public mutating func adoptDevice(_ d: String) {
        let unknown = device
        device = d
        guard trace != nil else { return }
        for i in trace!.indices where trace![i]["dev"] == .string(unknown) {
            for k in trace![i].fields.indices where trace![i].fields[k].name == "dev" { trace![i].fields[k].value = .string(d) }
        }
    }

    /// Hands the events recorded since the last call to the caller and forgets them, so a long
    /// replay streams its trace in bounded memory.
    public mutating func drainTrace() -> [TraceEvent] {
        guard let events = trace, !events.isEmpty else { return [] }
        trace = []
        return events
    }
}
