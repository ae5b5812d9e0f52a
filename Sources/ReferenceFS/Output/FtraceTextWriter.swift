/// Renders predicted events as the kernel's `trace` file does, so every ext4trace command reads
/// a prediction as it reads a capture:
///
///     # tracer: nop
///     ...
///                <...>-3395    [000] .....  2025.240644: ext4_iomap_buffered_write_begin: dev 7:1 ...
///
/// The model does not know task names: every line carries ftrace's own `<...>` for an unknown
/// comm, with the real pid and CPU. Leaves out the irqs-off/preempt flags (always `.....`).
public struct FtraceTextWriter {
    public var device: String
    public var cpus: Int

    public init(device: String, cpus: Int = 2) {
        self.device = device
        self.cpus = cpus
    }

    /// The whole file: header and one line per event, in the order given.
    public func render(_ events: [PredictedEvent]) -> String {
        var out = "# tracer: nop\n#\n# entries-in-buffer/entries-written: \(events.count)/\(events.count)   #P:\(cpus)\n#\n"
        out += "#                                _-----=> irqs-off/BH-disabled\n"
        out += "#                               / _----=> need-resched\n"
        out += "#                              | / _---=> hardirq/softirq\n"
        out += "#                              || / _--=> preempt-depth\n"
        out += "#                              ||| / _-=> migrate-disable\n"
        out += "#                              |||| /     delay\n"
        out += "#           TASK-PID     CPU#  |||||  TIMESTAMP  FUNCTION\n"
        out += "#              | |         |   |||||     |         |\n"
        for e in events { out += line(e); out += "\n" }
        return out
    }

    /// One event line: `TASK-PID [CPU] ..... SECONDS.MICROS: name: body`.
    public func line(_ e: PredictedEvent) -> String {
        let c = e.context
        let comm = "<...>"
        let task = String(repeating: " ", count: 16 - comm.count) + comm + "-" + pad(String(c.pid), 7)
        let cpu = "[" + zeros(String(c.cpu), 3) + "]"
        let seconds = c.timestampNs / 1_000_000_000
        let micros = (c.timestampNs % 1_000_000_000) / 1000
        let stamp = String(repeating: " ", count: max(0, 5 - String(seconds).count)) + String(seconds) + "." + zeros(String(micros), 6)
        return "\(task) \(cpu) ..... \(stamp): \(e.name): \(e.body(device: device))"
    }

    func pad(_ s: String, _ width: Int) -> String { s + String(repeating: " ", count: max(0, width - s.count)) }
    func zeros(_ s: String, _ width: Int) -> String { String(repeating: "0", count: max(0, width - s.count)) + s }
}
