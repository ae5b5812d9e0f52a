/// All event formats known to a read: looked up by name (text traces print no system) or by id
/// (trace.dat records carry the id). Immutable once built; readers keep their own caches.
public final class FormatRegistry: Sendable {
    public let formats: [EventFormat]
    let indexByName: [String: Int]
    let indexByID: [Int: Int]
    /// The text template of each format (same index), nil where the print format is unusable.
    let templates: [TextTemplate?]

    public init(_ formats: [EventFormat]) {
        self.formats = formats
        var byName: [String: Int] = [:]
        var byID: [Int: Int] = [:]
        for (i, f) in formats.enumerated() {
            byName[f.name] = i          // a later format of the same name overrides
            if f.id >= 0 { byID[f.id] = i }
        }
        indexByName = byName
        indexByID = byID
        templates = formats.map(TextTemplate.init)
    }

    public func format(named name: String) -> EventFormat? {
        indexByName[name].map { formats[$0] }
    }

    public func format(id: Int) -> EventFormat? {
        indexByID[id].map { formats[$0] }
    }

    /// This kernel's formats plus the iomap series' tracepoints.
    public static let bundled: FormatRegistry = {
        var formats: [EventFormat] = []
        for (system, text) in KernelFormats.records(in: KernelFormats.bundledText)
            + KernelFormats.records(in: KernelFormats.iomapSeriesText) {
            if let f = try? EventFormat.parse(String(text), system: system) { formats.append(f) }
        }
        return FormatRegistry(formats)
    }()

    /// The bundled formats overlaid with another kernel's: every `SYSTEM/EVENT/format` file
    /// under `directory` (a tracefs `events/` tree, e.g. copied from a patched kernel).
    public static func loading(eventsDirectory directory: String) throws(TraceError) -> FormatRegistry {
        let loaded = try FormatDirectory.read(directory)
        guard !loaded.isEmpty else {
            throw TraceError(.io, file: directory, "no SYSTEM/EVENT/format files under this directory")
        }
        return FormatRegistry(bundled.formats + loaded)
    }

    /// The system an unknown event most likely belongs to, from its name's prefix.
    static func guessSystem(_ name: String) -> String {
        for prefix in ["ext4", "jbd2", "iomap", "block", "writeback", "xfs", "filemap", "sched"]
        where name.hasPrefix(prefix + "_") { return prefix }
        if name.hasPrefix("sys_enter_") || name.hasPrefix("sys_exit_") { return "syscalls" }
        return "unknown"
    }
}
