/// The one error type of Analyzer: what went wrong, in which file, and where.
///
/// Printed as one line: `geometry.txt: line 3: "Block size:" is not a number`.
public struct AnalyzerError: Error, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        case io          // a file could not be read or written
        case input       // a file's content is not what the command needs
        case sqlite      // libsqlite3 refused something
        case unsupported // a request the analyzer cannot serve yet
    }

    public var kind: Kind
    public var file: String
    public var line: Int?
    public var reason: String

    public init(_ kind: Kind, file: String, line: Int? = nil, _ reason: String) {
        self.kind = kind
        self.file = file
        self.line = line
        self.reason = reason
    }

    public var description: String {
        var s = file
        if let line { s += ": line \(line)" }
        return s + ": " + reason
    }
}
