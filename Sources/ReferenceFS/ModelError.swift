/// The one error type of ReferenceFS: what could not be modelled, in which input, and where.
///
/// Printed as one line, `geometry.txt: line 12: Block size is not a number`.
public struct ModelError: Error, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        case geometry      // a `dumpe2fs -h` text the model cannot use
        case mountOptions  // an unknown or contradictory mount option
        case groundTruth   // an extents.txt that does not parse
        case input         // a trace event the model cannot replay
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
        if let line { return "\(file): line \(line): \(reason)" }
        return "\(file): \(reason)"
    }
}
