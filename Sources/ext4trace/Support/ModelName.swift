import ArgumentParser
import ReferenceFS

/// A model's name as `--model` takes it: one of the buffered I/O paths ReferenceFS models
/// (`BufferedIOPaths.names`: buffer_head, iomap, delaymap), or `auto` — the path the capture
/// itself ran — where a command allows it. The names are listed only in `BufferedIOPaths`.
struct ModelName: Equatable, Sendable, CustomStringConvertible, ExpressibleByArgument {
    /// The name as typed: `auto` or one of `BufferedIOPaths.names`.
    let description: String

    /// The path the capture ran, found while reading it (`PathDetectingSource`).
    static let auto = ModelName(checked: "auto")

    /// The buffer_head path, the kernel's before the iomap series.
    static let bufferHead = ModelName(checked: "buffer_head")

    private init(checked name: String) { description = name }

    /// A buffered I/O path's name; nil for anything else (including `auto`).
    init?(argument: String) {
        guard BufferedIOPaths.named(argument) != nil else { return nil }
        description = argument
    }

    /// The modelled path; nil for `auto`.
    var path: (any BufferedIOPath)? { BufferedIOPaths.named(description) }

    /// The parser of an option taking a path's name (or also `auto`), failing with
    /// `OPTION takes buffer_head, iomap or delaymap (got X)`.
    static func parser(option: String, allowingAuto: Bool = false) -> @Sendable (String) throws -> ModelName {
        { argument in
            if allowingAuto && argument == auto.description { return auto }
            if let name = ModelName(argument: argument) { return name }
            let names = (allowingAuto ? [auto.description] : []) + BufferedIOPaths.names
            let list = names.dropLast().joined(separator: ", ") + " or " + names[names.count - 1]
            throw ValidationError("\(option) takes \(list) (got \(argument))")
        }
    }
}
