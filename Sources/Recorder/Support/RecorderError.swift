/// The one error type of Recorder: what failed, and the file, device or command it concerns.
///
/// Printed as one line a root user can act on, e.g.
/// `/sys/kernel/tracing/instances/ext4trace-812/events/ext4/filter: write failed: Invalid argument`
/// or `mkfs.ext4 -q -F -O bigalloc /tmp/ext4trace-812/image: exit 1: invalid cluster size`.
public struct RecorderError: Error, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        case notRoot          // recording needs root
        case noTracefs        // no tracefs to mount or write
        case io               // a file could not be read or written
        case command          // a helper command (mkfs, losetup, mount, ...) failed
        case usage            // a bad option value (workload spec, size, event list)
        case interrupted      // SIGINT or SIGTERM arrived
        case guest            // the VM of `record --kernel` panicked, timed out or failed
    }

    public var kind: Kind
    /// The file, device or command line the error concerns.
    public var subject: String
    public var reason: String

    public init(_ kind: Kind, _ subject: String, _ reason: String) {
        self.kind = kind
        self.subject = subject
        self.reason = reason
    }

    public var description: String { subject.isEmpty ? reason : "\(subject): \(reason)" }
}
