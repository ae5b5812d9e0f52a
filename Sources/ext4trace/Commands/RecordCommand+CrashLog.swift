import ArgumentParser
import Recorder

/// `record --crash-log`: the workload's block writes through dm-log-writes, and its trace.
extension RecordCommand {
    func validateCrashLog() throws {
        let isCrashWorkload = workload?.hasPrefix("crash:") ?? false
        if crashLog && !isCrashWorkload {
            throw ValidationError("--crash-log needs --workload crash:KIND (KIND: \(CrashWorkload.Kind.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        if crashDevice != nil && !crashLog { throw ValidationError("--crash-device goes with --crash-log") }
        if crashLog && fs != .ext4 { throw ValidationError("--crash-log checks ext4 only") }
        if let workload, isCrashWorkload { _ = try CrashWorkload(parsing: workload) }
    }

    func runCrashLog() throws {
        try reportingRecorderFailures {
            guard let spec = workload else { return }
            var options = CrashLogOptions(outputDirectory: output, workload: try CrashWorkload(parsing: spec))
            options.mkfsOptions = mkfsOptions.split(separator: " ").map(String.init)
            options.mountOptions = mountOptions
            options.dataBytes = min(ByteSize.parse(size) ?? 64 << 20, 64 << 20)
            options.dataDevice = crashDevice
            options.toolVersion = "ext4trace \(Ext4Trace.configuration.version)"
            if !noCrashTrace { options.trace = try recordOptions() }
            let summary = try CrashLogRecorder(options: options) { Console.stderrLine("record: " + $0) }.run()
            Console.write("crash log: \(summary.entries) entries, \(summary.logBytes) bytes\nfiles: \(summary.files.joined(separator: " "))\n")
            for w in summary.warnings { Console.write("warning: \(w)\n") }
            Console.flush()
        }
    }
}
