/// What a recording may leave behind on this machine: taken before a test records and compared
/// after, so the "nothing left behind" checks hold whether tracefs was mounted beforehand (a
/// developer's machine) or not (a freshly booted one, as CI gets).
///
/// Only ext4trace's own traces count (names with `ext4trace-`), so other users of loop devices,
/// mounts and tracefs instances on the machine do not disturb the comparison. Read from sysfs
/// and procfs, with no helper program.
public struct MachineState: Equatable, CustomStringConvertible, Sendable {
    /// Whether tracefs is mounted at the root it is looked for.
    public var tracefsMounted: Bool
    /// ext4trace's tracefs instances (`instances/ext4trace-PID`), when tracefs is mounted.
    public var tracefsInstances: [String]
    /// Loop devices backed by a file of ext4trace's (`/dev/loop3 → /tmp/ext4trace-XXXXXX/image`).
    public var loopDevices: [String]
    /// Mount points of ext4trace's (`/tmp/ext4trace-XXXXXX/mnt`).
    public var mounts: [String]
    /// ext4trace's image directories in /tmp (`ext4trace-XXXXXX`).
    public var scratchDirectories: [String]

    public static func now(tracefsRoot: String = "/sys/kernel/tracing") -> MachineState {
        let mountLines = lines("/proc/mounts")
        let tracefsMounted = mountLines.contains { $0.split(separator: " ").dropFirst().first.map(String.init) == tracefsRoot }
        let instances = tracefsMounted ? entries(tracefsRoot + "/instances").filter { $0.hasPrefix("ext4trace-") } : []
        let loops = entries("/sys/block").filter { $0.hasPrefix("loop") }.compactMap { loop -> String? in
            let backing = lines("/sys/block/\(loop)/loop/backing_file").first ?? ""
            return backing.contains("/ext4trace-") ? "/dev/\(loop) → \(backing)" : nil
        }
        let ours = mountLines.compactMap { line -> String? in
            let point = line.split(separator: " ").dropFirst().first.map(String.init) ?? ""
            return point.contains("/ext4trace-") ? point : nil
        }
        let scratch = entries("/tmp").filter { name in
            name.hasPrefix("ext4trace-") && name.count == "ext4trace-".count + 6
                && name.dropFirst("ext4trace-".count).allSatisfy { $0.isLetter || $0.isNumber }
        }
        return MachineState(tracefsMounted: tracefsMounted, tracefsInstances: instances, loopDevices: loops,
                            mounts: ours, scratchDirectories: scratch)
    }

    public var description: String {
        "tracefs \(tracefsMounted ? "mounted" : "not mounted"), instances \(tracefsInstances), loop devices \(loopDevices), mounts \(mounts), /tmp directories \(scratchDirectories)"
    }

    /// A procfs or sysfs file's lines (empty when it cannot be read).
    private static func lines(_ path: String) -> [String] { (try? Fixtures.lines(path)) ?? [] }

    private static func entries(_ path: String) -> [String] { listDirectory(path).sorted() }
}
