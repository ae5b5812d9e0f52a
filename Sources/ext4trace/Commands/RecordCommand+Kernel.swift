import ArgumentParser
import Recorder

/// `record --kernel IMAGE`: the recording runs in a guest booted from IMAGE.
extension RecordCommand {
    func runInGuest(kernel: String) throws {
        try reportingRecorderFailures {
            var machine = VirtualMachine(kernel: try KernelImage(checking: kernel))
            machine.cpus = vmCpus
            machine.memory = vmMemory
            machine.qemuOptions = qemuOpts
            machine.timeoutSeconds = vmTimeout
            let recording = GuestRecording(machine: machine, outputDirectory: absolutePath(output),
                                           recordArguments: guestArguments(outputDirectory: absolutePath(output)))
            let run = try recording.run { Console.stderrLine("record: " + $0) }
            for line in run.errorLines { Console.stderrLine(line) }
            Console.write(run.output)
            Console.flush()
            if run.status != 0 { throw ExitCode(1) }
        }
    }

    /// This command's options as the guest's ext4trace takes them: the same recording, without
    /// --kernel and the VM options, writing to the shared directory.
    func guestArguments(outputDirectory: String) -> [String] {
        var args = ["record", "--fs", fs.rawValue, "--size", size, "--events", events,
                    "--buffer-kb", String(bufferKb), "--file-version", String(fileVersion), "-o", outputDirectory]
        if !mkfsOptions.isEmpty { args.append("--mkfs-options=" + mkfsOptions) }
        if !mountOptions.isEmpty { args += ["--mount-options", mountOptions] }
        if let workload { args += ["--workload", workload] }
        if let fio { args += ["--fio", absolutePath(fio)] }
        if crashLog { args.append("--crash-log") }
        if let crashDevice { args += ["--crash-device", crashDevice] }
        if noCrashTrace { args.append("--no-crash-trace") }
        if !command.isEmpty { args += ["--"] + command }
        return args
    }
}
