#if canImport(Glibc)
import Glibc
#endif
import TraceParser

/// `record --kernel IMAGE`: the same recording, run by the same ext4trace binary inside a guest
/// booted from IMAGE, writing into a host directory shared with the guest.
public struct GuestRecording {
    public var machine: VirtualMachine
    /// The capture directory, absolute (the guest sees the host's paths unchanged).
    public var outputDirectory: String
    /// `record` and its options (without --kernel and the VM options), as the guest runs them.
    public var recordArguments: [String]

    public init(machine: VirtualMachine, outputDirectory: String, recordArguments: [String]) {
        self.machine = machine
        self.outputDirectory = outputDirectory
        self.recordArguments = recordArguments
    }

    /// Boots, records and adds the image to `meta.json`. Returns the guest's run (its exit
    /// status is `record`'s: 0, or 1 when the workload failed but the capture is complete).
    public func run(log: (String) -> Void) throws -> GuestRun {
        if mkdir(outputDirectory, 0o755) != 0 && errno != EEXIST {
            throw RecorderError(.io, outputDirectory, "cannot create the output directory: \(errnoText())")
        }
        let executable = try Self.currentExecutable()
        let run = try machine.run([executable] + recordArguments, sharedDirectory: outputDirectory, log: log)
        guard run.status == 0 || run.status == 1 else {
            let why = run.errorLines.last(where: { $0.hasPrefix("record:") }) ?? run.errorLines.last ?? "no message"
            throw RecorderError(.guest, machine.kernel.path, "recording in the guest failed (exit \(run.status)): \(why)")
        }
        let metaPath = outputDirectory + "/" + CaptureDirectory.FileName.meta
        guard let meta = try? readWholeFile(metaPath) else {
            let why = run.errorLines.last.map { ": " + $0 } ?? ""
            throw RecorderError(.guest, metaPath, "the guest wrote no meta.json (vng exit \(run.status)\(why))")
        }
        let extra = Self.imageFields(kernelPath: machine.kernel.path, sha256: try machine.kernel.sha256(),
                                     accelerator: machine.accelerator, cpus: machine.cpus, memory: machine.memory)
        var file = try OutputFile(creating: metaPath)
        try file.write(Array(Self.appending(extra, toObject: String(decoding: meta, as: UTF8.self)).utf8))
        return run
    }

    /// The running binary, for the guest to run too: `/proc/self/exe` resolved.
    static func currentExecutable() throws -> String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let n = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard n > 0 else { throw RecorderError(.io, "/proc/self/exe", "cannot resolve: \(errnoText())") }
        return String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// meta.json's record of the booted image and VM:
    /// `"kernel_image":"/work/shared/kernel/bzImage","kernel_image_sha256":"…","vm":"tcg, 2 CPUs, 2G"`.
    static func imageFields(kernelPath: String, sha256: String, accelerator: VirtualMachine.Accelerator,
                            cpus: Int, memory: String) -> [(String, String)] {
        [("kernel_image", kernelPath), ("kernel_image_sha256", sha256),
         ("vm", "\(accelerator.rawValue), \(cpus) CPUs, \(memory)")]
    }

    /// A one-line JSON object with `fields` added before its closing brace.
    static func appending(_ fields: [(String, String)], toObject text: String) -> String {
        var w = JSONWriter()
        w.objectStart()
        for (k, v) in fields { w.key(k); w.string(v) }
        w.objectEnd()
        let added = String(decoding: w.bytes.dropFirst().dropLast(), as: UTF8.self)
        let body = text.drop(while: { $0 == " " || $0 == "\n" })
        guard let close = body.lastIndex(of: "}") else { return text }
        let inner = body[..<close].trimmingTrailingSpaces()
        return inner + (inner.hasSuffix("{") ? "" : ",") + added + "}\n"
    }
}

/// `path` made absolute against the working directory.
public func absolutePath(_ path: String) -> String {
    if path.hasPrefix("/") { return path }
    var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
    guard getcwd(&buffer, buffer.count) != nil else { return path }
    let cwd = String(decoding: buffer.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    let rest = path.hasPrefix("./") ? String(path.dropFirst(2)) : path
    return cwd == "/" ? "/" + rest : cwd + "/" + rest
}

extension Substring {
    func trimmingTrailingSpaces() -> String {
        var s = self
        while let last = s.last, last == " " || last == "\n" { s = s.dropLast() }
        return String(s)
    }
}
