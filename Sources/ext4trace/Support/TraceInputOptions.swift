import ArgumentParser
import TraceParser

/// Options shared by every command that reads a trace.
struct TraceInputOptions: ParsableArguments {
    @Argument(help: ArgumentHelp(
        "The trace: ftrace text (`trace`, `trace_pipe`), `trace-cmd report` output, `perf script` output, or trace.dat. Text may be zstd- or gzip-compressed.",
        valueName: "file"))
    var file: String

    @OptionGroup var format: TraceFormatOptions

    @Option(name: .long, help: ArgumentHelp(
        "An ELF vmlinux to symbolise %pS addresses when a trace.dat carries no kallsyms.",
        valueName: "path"))
    var vmlinux: String?

    @Flag(name: .long, help: "List every line that was not an event, with its line number and why.")
    var verbose = false

    /// How this trace is to be read: the forced input format, the format files, the vmlinux.
    func readOptions(decodeFields: Bool = true, renderBodies: Bool = false) throws -> TraceReadOptions {
        try format.readOptions(for: file, vmlinux: vmlinux, decodeFields: decodeFields, renderBodies: renderBodies)
    }

    /// Opens the trace; a bad file throws a `TraceError`, which `reportingFailures` reports.
    /// `decodeFieldsOf` limits field decoding to the events a command reads. The file is read
    /// and decoded on a second thread, ahead of the command's own work on each event.
    func open(decodeFields: Bool = true, renderBodies: Bool = false,
              decodeFieldsOf: (@Sendable (String, String) -> Bool)? = nil) throws -> any TraceEventSource {
        var options = try readOptions(decodeFields: decodeFields, renderBodies: renderBodies)
        options.decodeFieldsOf = decodeFieldsOf
        return PrefetchingSource(try TraceFile.open(file, options: options))
    }
}

extension InputFormat: ExpressibleByArgument {}

/// How a trace file is read: `--input-format` and `--formats`. Part of `TraceInputOptions`, and
/// used alone by `compare`, which reads two files with the same options.
struct TraceFormatOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "Read the file as this format instead of detecting it: ftrace, trace-cmd, perf or trace.dat.",
        valueName: "format"))
    var inputFormat: InputFormat?

    @Option(name: .long, help: ArgumentHelp(
        "A tracefs `events/` directory (e.g. copied from a patched kernel) whose SYSTEM/EVENT/format files override the bundled ones. Without it, a `formats/` directory beside a text capture (as `record` saves it) is used.",
        valueName: "dir"))
    var formats: String?

    /// How to read `file` given these options and `--vmlinux`.
    func readOptions(for file: String, vmlinux: String? = nil,
                     decodeFields: Bool = true, renderBodies: Bool = false) throws -> TraceReadOptions {
        // A trace.dat carries its own formats: skip building the bundled registry for it.
        let ownFormats = inputFormat == .traceDat || (inputFormat == nil && TraceFile.isTraceDat(file))
        let registry = try formats.map { dir throws(TraceError) in try FormatRegistry.loading(eventsDirectory: dir) }
            ?? (ownFormats ? FormatRegistry([]) : .bundled)
        var options = TraceReadOptions(formats: registry, decodeFields: decodeFields,
                                       inputFormat: inputFormat, vmlinuxPath: vmlinux, renderBodies: renderBodies)
        options.formatsBesideCapture = formats == nil
        return options
    }
}
