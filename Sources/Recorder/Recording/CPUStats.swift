/// The counters of `per_cpu/cpuN/stats` that say events were lost:
///
///     entries: 0
///     overrun: 0
///     commit overrun: 0
///     ...
///     dropped events: 0
struct CPUStats {
    var overrun = 0
    var commitOverrun = 0
    var dropped = 0

    init(parsing text: String) {
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: ":", maxSplits: 1)
            guard parts.count == 2, let n = Int(parts[1].trimmingCharacters(in: " ")) else { continue }
            switch parts[0] {
            case "overrun": overrun = n
            case "commit overrun": commitOverrun = n
            case "dropped events": dropped = n
            default: break
            }
        }
    }

    var lost: Int { overrun + commitOverrun + dropped }
}

extension Substring {
    func trimmingCharacters(in c: Character) -> String { String(self).trimmingCharacters(in: c) }
}
