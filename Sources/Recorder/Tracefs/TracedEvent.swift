/// One tracepoint to record, named as tracefs names it: `ext4:ext4_da_write_begin`.
public struct TracedEvent: Sendable, Hashable, CustomStringConvertible {
    public var system: String
    public var name: String

    public init(system: String, name: String) {
        self.system = system
        self.name = name
    }

    /// `ext4:ext4_da_write_begin` or `ext4/ext4_da_write_begin`.
    public init?(_ text: String) {
        guard let sep = text.firstIndex(where: { $0 == ":" || $0 == "/" }) else { return nil }
        system = String(text[..<sep])
        name = String(text[text.index(after: sep)...])
        if system.isEmpty || name.isEmpty { return nil }
    }

    public var description: String { "\(system):\(name)" }
    /// The event's directory under `events/`.
    public var directory: String { "events/\(system)/\(name)" }
}
