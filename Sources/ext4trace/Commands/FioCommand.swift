import Analyzer
import ArgumentParser

/// `ext4trace fio A.json B.json ...`: fio runs side by side.
struct FioCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fio",
        abstract: "fio JSON outputs side by side: a table per read/write kind, a row per block size, MiB/s and ratios.",
        discussion: """
        Each file is one run's `fio --output-format=json` output, named in the table by its file name. Jobs of the same kind and block size within a run are summed. The ratio columns divide each later run by the first.

        Example:
          ext4trace fio fixtures/fio/ext4-tmp.json fixtures/fio/tmpfs-shm.json
        """)

    @Argument(help: ArgumentHelp("fio JSON outputs, the baseline first.", valueName: "run.json"))
    var runs: [String]

    @OptionGroup var output: OutputOptions

    func validate() throws {
        if runs.isEmpty { throw ValidationError("give at least one fio JSON file") }
    }

    func run() throws {
        try reportingFailures {
            var loaded: [FioRun] = []
            for path in runs {
                loaded.append(try FioRun.load(path))
            }
            let table = FioTable(runs: loaded)
            switch output.format {
            case .text: Console.write(table.text())
            case .json: Console.line(table.json())
            }
            Console.flush()
        }
    }
}
