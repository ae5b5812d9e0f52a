import TraceParser

/// What `Replayer.consume` does with one event type, worked out once per type instead of by
/// comparing and hashing the event's name on every event (the allow-list, the operation
/// boundaries, `startsBufferedWrite`'s cases and `decode`'s table were four name lookups per
/// event, per model).
struct EventRole: Sendable {
    /// `ModelInput.allows`.
    var allowed: Bool
    /// `system == "ext4"`: the first one names the replayed device.
    var isExt4: Bool
    /// `system == "syscalls"`.
    var isSyscall: Bool
    /// A syscall by system or by name (`sys_enter_*` from a perf script): noted as the task's
    /// last syscall.
    var entersSyscall: Bool
    /// `system == "writeback"`.
    var isWriteback: Bool
    /// A syscall or a top-level ext4 request (`Replayer.operationBoundaries`).
    var endsOperation: Bool
    /// `ext4_write_begin`: the captured kernel holds a handle until its write_end.
    var startsKernelHandle: Bool
    /// Its part in binding a write(2) to an inode (`Replayer.startsBufferedWrite`).
    var writeStep: WriteStep?
    /// The operation `Replayer.decode` makes of it, by name.
    var decodeKind: Replayer.DecodeKind?

    enum WriteStep: Sendable {
        case enterPwrite, exitPwrite, folioBegin, folioEnd, iomapIter
    }

    init(system: String, name: String) {
        allowed = ModelInput.allows(system: system, name: name)
        isExt4 = system == "ext4"
        isSyscall = system == "syscalls"
        entersSyscall = isSyscall || name.hasPrefix("sys_enter_")
        isWriteback = system == "writeback"
        endsOperation = isSyscall || Replayer.operationBoundaries.contains(name)
        startsKernelHandle = name == "ext4_write_begin"
        switch name {
        case "sys_enter_pwrite64": writeStep = .enterPwrite
        case "sys_exit_pwrite64": writeStep = .exitPwrite
        case "ext4_da_write_begin", "ext4_write_begin": writeStep = .folioBegin
        case "ext4_da_write_end", "ext4_write_end", "ext4_journalled_write_end": writeStep = .folioEnd
        case "iomap_iter": writeStep = .iomapIter
        default: writeStep = nil
        }
        decodeKind = Replayer.decodeKinds[name]
    }
}

/// `EventRole`s by event type, found through `EventNameIndex` (a pointer compare when the
/// reader shares one name string per type, as trace.dat readers do).
struct EventRoles: Sendable {
    private var names = EventNameIndex()
    private var roles: [(system: String, role: EventRole)] = []

    /// The role of `event`'s type.
    mutating func role(of event: TraceEvent) -> EventRole {
        if let k = names.index(of: event.name) {
            let entry = roles[k]
            // One name in two systems (never seen in practice) is worked out each time.
            return entry.system == event.system ? entry.role : EventRole(system: event.system, name: event.name)
        }
        let role = EventRole(system: event.system, name: event.name)
        roles.append((event.system, role))
        _ = names.add(event.name)
        return role
    }
}
