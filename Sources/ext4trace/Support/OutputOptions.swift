import ArgumentParser

/// `--format text|json`, shared by every command whose output is a text table or one JSON
/// document. Commands with other formats (`events`, `export`) declare their own.
struct OutputOptions: ParsableArguments {
    @Option(name: .long, help: "Output format: text or json.")
    var format: OutputFormat = .text
}

/// Text for people, or one JSON document for machines.
enum OutputFormat: String, ExpressibleByArgument {
    case text, json
}
