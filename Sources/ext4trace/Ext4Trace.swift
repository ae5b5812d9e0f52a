import ArgumentParser

/// The `ext4trace` command: one subcommand per job, each in `Commands/`.
@main
struct Ext4Trace: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ext4trace",
        abstract: "Measure ext4's buffered I/O paths (buffer_head, iomap, delay-map) from tracepoints.",
        discussion: """
        ext4trace reads traces of the ext4, jbd2, iomap, writeback, block and syscall tracepoints — the kernel's own `trace` text, `trace-cmd report` output, `perf script` output, or a binary trace.dat — and turns them into numbers a patch reviewer can use: mapping calls per write, journal handles and blocks per MiB, unwritten conversions, latencies, and what the iomap series (or the review's delay-map proposal) would change.

        Start with `ext4trace stats FILE` to see what a capture holds, `ext4trace report FILE` for the per-path overhead, and `ext4trace model FILE` to replay it under buffer_head, iomap and delay-map side by side. `ext4trace record` makes a capture.
        """,
        version: "0.1.0",
        subcommands: ext4traceSubcommands)
}
