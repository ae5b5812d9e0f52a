#if canImport(Glibc)
import Glibc
#endif
import TraceParser

extension Recorder {
    /// Saves the recording kernel's `format` files as `DIR/formats/SYSTEM/EVENT/format` (the
    /// tracefs `events/` layout that `--formats` and `CaptureFormats` read), so the text
    /// capture decodes with this kernel's own layouts wherever it is read later.
    ///
    /// Every event of each recorded system is saved (`ext4`, `jbd2`, `iomap`, `block`,
    /// `writeback`: a few KiB each), except `syscalls`, of which only the enabled events are —
    /// that system holds some 700. The enabled events' formats come from `recorded`, read when
    /// they were enabled; the rest from `events/SYSTEM/EVENT/format` of tracefs.
    func saveFormats(_ events: [TracedEvent], recorded: [TracedEvent: [UInt8]], tracefs: Tracefs) throws {
        var files: [TracedEvent: [UInt8]] = recorded
        var systems: [String] = []
        for event in events where !systems.contains(event.system) { systems.append(event.system) }
        for system in systems where system != "syscalls" {
            for name in tracefs.list("events/\(system)") {
                let event = TracedEvent(system: system, name: name)
                guard files[event] == nil, let text = try? tracefs.read(event.directory + "/format") else { continue }
                files[event] = text
            }
        }
        let root = outputPath(CaptureDirectory.FileName.formats)
        try makeDirectory(root)
        for system in systems { try makeDirectory(root + "/" + system) }
        for (event, text) in files.sorted(by: { $0.key.description < $1.key.description }) {
            let dir = "\(root)/\(event.system)/\(event.name)"
            try makeDirectory(dir)
            var file = try OutputFile(creating: dir + "/format")
            try file.write(text)
        }
        summary.files.append(CaptureDirectory.FileName.formats + "/")
    }

    func makeDirectory(_ path: String) throws {
        if mkdir(path, 0o755) != 0 && errno != EEXIST {
            throw RecorderError(.io, path, "cannot create directory: \(errnoText())")
        }
    }
}
