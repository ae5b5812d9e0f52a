import ArgumentParser
import Recorder

/// A block device as `--dev` takes it: `major:minor` (`7:1`), or ext4's own `7,1`. The same
/// value `record` reads from its loop device (Recorder's `DeviceNumbers`); its `description`
/// is the `major:minor` form the analyzer and the event filter compare.
extension DeviceNumbers: ExpressibleByArgument, CustomStringConvertible {
    /// `7:1` or `7,1`; nil for anything else.
    public init?(argument: String) {
        let parts = argument.split(omittingEmptySubsequences: false, whereSeparator: { $0 == ":" || $0 == "," })
        guard parts.count == 2, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCII) }),
              let major = UInt32(parts[0]), let minor = UInt32(parts[1]) else { return nil }
        self.init(major: major, minor: minor)
    }

    /// The `--dev` option's parser: `init(argument:)`, failing with the message users see.
    @Sendable static func parsing(_ argument: String) throws -> DeviceNumbers {
        guard let device = DeviceNumbers(argument: argument) else {
            throw ValidationError("--dev takes major:minor, e.g. 7:1 (got \(argument))")
        }
        return device
    }

    public var description: String { text }
}
