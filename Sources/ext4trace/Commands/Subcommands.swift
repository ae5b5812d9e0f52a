import ArgumentParser

/// Every subcommand, in the order `--help` lists them. Each lives in its own file.
let ext4traceSubcommands: [ParsableCommand.Type] = [
    StatsCommand.self,
    EventsCommand.self,
    RecordCommand.self,
    CrashLogCommand.self,
    CrashCommand.self,
    ReplayCommand.self,
    ModelCommand.self,
    ReportCommand.self,
    CompareCommand.self,
    DiffCommand.self,
    FioCommand.self,
    ExportCommand.self,
]
