import ArgumentParser
#if canImport(Glibc)
import Glibc
#endif
import Recorder
import TraceParser

/// `ext4trace record -o DIR -- COMMAND ARGS...`: a capture of one workload on a fresh
/// loop-mounted filesystem, like the corpus, written by ext4trace itself.
struct RecordCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "record",
        abstract: "Record a workload's ext4/jbd2/iomap/block/writeback/syscall events on a fresh loop-mounted filesystem (root).",
        discussion: """
        Makes an image in a temporary directory, runs mkfs, attaches a loop device and mounts it; records in its own tracefs instance, filtered to that device (syscall events to the workload's process); runs the workload with `{mnt}` replaced by the mount point; then syncs, unmounts (so writeback, final commits and eviction are traced) and writes DIR/:
        trace.dat (v7 zstd, or v6), trace.txt, formats/ (the kernel's format files), geometry.txt, filefrag.txt, extents.txt (ext4), meta.json. Everything is removed again on success, error or Ctrl-C.
        With --kernel IMAGE the same recording runs in a QEMU guest booted from IMAGE (virtme-ng), writing DIR on the host.

        Examples:
          ext4trace record -o cap -- xfs_io -f -c "pwrite -b 4k 0 64k" -c fsync {mnt}/a
          ext4trace record --mount-options nodelalloc --workload builtin:random-write:bs=4k,total=256k,size=4m -o cap
          ext4trace record --fs xfs --file-version 6 --workload builtin:append:bs=6k,total=60k,fsync=1 -o cap
          ext4trace record --kernel ../shared/kernel/bzImage --mount-options buffered_iomap --workload builtin:seq-write -o cap

        Built-in workloads: builtin:KIND:key=value,... with KIND seq-write, random-write or append; keys bs (4k), total (1m), fsync (end | none | N: after every N writes), file (a), size and seed (random-write).

        Crash workloads: crash:KIND:key=value,... with KIND window, append, truncate-append or falloc-overwrite (docs/crash.md); with --crash-log the block writes go through dm-log-writes and DIR gets log-writes.zst and meta.json, checked by `ext4trace crashlog DIR`.
        """)

    @Option(help: "Filesystem to make: ext4 or xfs.")
    var fs: FilesystemKind = .ext4

    @Option(help: ArgumentHelp("Image size (e.g. 512M, 2G).", valueName: "size"))
    var size: String = "512M"

    @Option(help: ArgumentHelp("Extra mkfs options, split on spaces; write --mkfs-options=\"-b 1024\" (with =) since they start with -.", valueName: "options"))
    var mkfsOptions: String = ""

    @Option(help: ArgumentHelp("Mount options (e.g. data=journal,nodelalloc).", valueName: "options"))
    var mountOptions: String = ""

    @Option(help: ArgumentHelp("`default`, or a comma list of systems (ext4), events (block:block_rq_issue) and `default`.", valueName: "events"))
    var events: String = "default"

    @Option(help: ArgumentHelp("Ring-buffer size per CPU, in KiB.", valueName: "kb"))
    var bufferKb: Int = 65536

    @Option(help: ArgumentHelp("trace.dat version: 7 (zstd-compressed) or 6 (uncompressed).", valueName: "6|7"))
    var fileVersion: Int = 7

    @Option(name: [.customShort("o"), .long], help: ArgumentHelp("Output directory (created if missing).", valueName: "dir"))
    var output: String

    @Option(help: ArgumentHelp("A built-in workload instead of a command: builtin:KIND:key=value,...", valueName: "spec"))
    var workload: String?

    @Option(help: ArgumentHelp("Run `fio --directory=MNT JOB` (fio must be installed).", valueName: "job"))
    var fio: String?

    @Option(help: ArgumentHelp("Record inside a VM booted from this bzImage (virtme-ng and QEMU; KVM where it works, else single-threaded TCG). The same ext4trace runs the same recording in the guest.", valueName: "image"))
    var kernel: String?

    @Option(help: ArgumentHelp("With --kernel: the guest's CPUs.", valueName: "n"))
    var vmCpus: Int = 2

    @Option(help: ArgumentHelp("With --kernel: the guest's memory (QEMU -m: 2G, 1536M).", valueName: "size"))
    var vmMemory: String = "2G"

    @Option(help: ArgumentHelp("With --kernel: extra QEMU options (after the accelerator's).", valueName: "options"))
    var qemuOpts: String = ""

    @Option(help: ArgumentHelp("With --kernel: stop the guest after this many seconds.", valueName: "seconds"))
    var vmTimeout: Int = 900

    @Flag(help: "Record the block writes through dm-log-writes, and trace the same run (needs --workload crash:KIND; see docs/crash.md); check with `ext4trace crashlog DIR` and `ext4trace crash DIR/trace.dat`.")
    var crashLog = false

    @Option(help: ArgumentHelp("With --crash-log: a block device for the data (e.g. /dev/vda from --qemu-opts \"-drive file=IMG,if=virtio,format=raw,cache=none,aio=threads\") instead of a loop device; its first --size bytes are overwritten.", valueName: "device"))
    var crashDevice: String?

    @Flag(help: "With --crash-log: record the block writes only, without the trace of the same run.")
    var noCrashTrace = false

    @Argument(parsing: .postTerminator, help: ArgumentHelp("The workload command after `--`; {mnt} is the mount point.", valueName: "command"))
    var command: [String] = []

    func validate() throws {
        let given = [!command.isEmpty, workload != nil, fio != nil].filter { $0 }.count
        if given != 1 {
            throw ValidationError("give exactly one workload: -- COMMAND ARGS..., --workload builtin:..., or --fio JOB")
        }
        guard let bytes = ByteSize.parse(size), bytes >= 16 << 20 else {
            throw ValidationError("--size must be at least 16M, like 512M or 2G (got \"\(size)\")")
        }
        if fileVersion != 6 && fileVersion != 7 { throw ValidationError("--file-version must be 6 or 7") }
        if bufferKb <= 0 { throw ValidationError("--buffer-kb must be positive") }
        if let fio, access(fio, R_OK) != 0 { throw ValidationError("--fio: cannot read the job file \(fio)") }
        if kernel == nil && (vmCpus != 2 || vmMemory != "2G" || !qemuOpts.isEmpty || vmTimeout != 900) {
            throw ValidationError("--vm-cpus, --vm-memory, --qemu-opts and --vm-timeout go with --kernel")
        }
        if vmCpus < 1 || vmTimeout < 1 { throw ValidationError("--vm-cpus and --vm-timeout must be positive") }
        try validateCrashLog()
    }

    func run() throws {
        if let kernel { return try runInGuest(kernel: kernel) }
        if crashLog { return try runCrashLog() }
        try reportingRecorderFailures {
            let options = try recordOptions()
            let recorder = Recorder(options: options) { Console.stderrLine("record: " + $0) }
            let summary = try recorder.run()
            Console.write(summaryText(summary, options: options))
            Console.flush()
            if summary.workloadStatus != 0 { throw ExitCode(1) }
        }
    }

    func recordOptions() throws -> RecordOptions {
        let load: Workload
        if let spec = workload, spec.hasPrefix("crash:") {
            load = .crash(try CrashWorkload(parsing: spec))
        } else if let spec = workload {
            load = .builtin(try BuiltinWorkload(parsing: spec))
        } else if let fio {
            load = .fio(jobFile: fio)
        } else {
            load = .command(command)
        }
        var o = RecordOptions(outputDirectory: output, workload: load)
        o.filesystem = fs
        o.imageBytes = ByteSize.parse(size) ?? 512 << 20            // validate() checked it
        o.mkfsOptions = mkfsOptions.split(separator: " ").map(String.init)
        o.mountOptions = mountOptions
        o.events = try EventSelection(parsing: events)
        o.bufferKB = bufferKb
        o.fileVersion = fileVersion == 6 ? .v6 : .v7(compressed: true)
        o.toolVersion = "ext4trace \(Ext4Trace.configuration.version)"
        return o
    }

    /// What was written, the event count of trace.txt, and anything lost or left over.
    func summaryText(_ s: RecordSummary, options: RecordOptions) -> String {
        var out = "recorded \(options.filesystem.rawValue) on \(s.device.text) (dev_t \(s.device.kernelDevT)): \(s.eventsEnabled) events enabled\n"
        if let source = try? TraceFile.open(s.outputDirectory + "/trace.txt", options: TraceReadOptions(decodeFields: false)),
           let stats = try? source.summarize(progress: { _ in }) {
            let byCount: [(name: String, count: Int)] = stats.countsByName.map { ($0.key, $0.value) }
            let top = byCount.sorted { $0.count != $1.count ? $0.count > $1.count : $0.name < $1.name }.prefix(5)
            let listed: [String] = top.map { "\($0.name) \($0.count)" }
            out += "trace.txt: \(stats.events) events; most frequent: " + listed.joined(separator: ", ") + "\n"
        }
        out += "trace.dat: \(s.traceDatBytes) bytes, \(s.pagesPerCPU.reduce(0, +)) pages (per CPU: \(s.pagesPerCPU.map(String.init).joined(separator: " ")))\n"
        out += "lost events: \(s.lostEvents)"
        if s.lostEvents > 0 || s.pagesAfterLoss > 0 {
            let flagged = s.pagesAfterLoss == 1 ? "1 page flags a gap" : "\(s.pagesAfterLoss) pages flag gaps"
            out += " (the ring buffer overflowed\(s.pagesAfterLoss > 0 ? ", " + flagged : ""); raise --buffer-kb)"
        }
        out += "\n"
        out += "files: " + s.files.map { "\(s.outputDirectory)/\($0)" }.joined(separator: " ") + "\n"
        for w in s.warnings { out += "warning: \(w)\n" }
        return out
    }
}

extension FilesystemKind: ExpressibleByArgument {}

/// `reportingFailures` for `record`: recorder errors read `ext4trace: record: MESSAGE`, with
/// the recorder's exit status (130 after Ctrl-C).
func reportingRecorderFailures(_ body: () throws -> Void) throws {
    try reportingFailures {
        do {
            try body()
        } catch let e as RecorderError {
            throw CommandFailure("record: " + e.description, exitStatus: e.exitStatus)
        }
    }
}
