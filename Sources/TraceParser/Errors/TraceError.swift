/// Where in an input something happened: a 1-based line of a text trace, a byte offset of a
/// binary file, or the index of an event record in time order.
public enum SourceLocation: Sendable, Hashable, CustomStringConvertible {
    case none
    case line(Int)
    case offset(Int)
    case record(Int)

    public var description: String {
        switch self {
        case .none: return ""
        case .line(let n): return "line \(n)"
        case .offset(let n): return "offset \(n)"
        case .record(let n): return "record \(n)"
        }
    }
}

/// The one error type of TraceParser: what went wrong, in which file, and where.
///
/// Printed as a single line, `FILE: line 12: reason`, `FILE: offset 4096 (section options):
/// reason`, so a kernel developer can open the input at the place named.
public struct TraceError: Error, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        case io              // open/read failed
        case notATrace       // the file holds no recognisable trace format
        case unsupported     // recognised, but a variant ext4trace does not read
        case corrupt         // damaged or hostile content
        case format          // a malformed kernel `format` file or print format
        case usage           // a bad option value
    }

    public var kind: Kind
    public var file: String
    public var location: SourceLocation
    public var section: String?
    public var reason: String

    public init(_ kind: Kind, file: String, location: SourceLocation = .none,
                section: String? = nil, _ reason: String) {
        self.kind = kind
        self.file = file
        self.location = location
        self.section = section
        self.reason = reason
    }

    public var description: String {
        var s = file
        switch location {
        case .none: break
        default: s += ": \(location)"
        }
        if let section { s += " (section \(section))" }
        return s + ": " + reason
    }
}
