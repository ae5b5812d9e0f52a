/// A replay scored against one capture's ground truth.
public struct FidelityRow: Sendable, Equatable {
    public var capture: String
    /// The model replayed (`buffer_head`, `iomap`, ...).
    public var model = "buffer_head"
    /// The series' four `ext4_iomap_*` events, model against kernel.
    public var iomapEvents: [String: IomapEventScore] = [:]
    public var files = 0
    /// Files whose predicted extents equal debugfs's in (lblk, len, unwritten).
    public var logicalExact = 0
    /// … and also in pblk.
    public var physicalExact = 0
    public var predictedHandles: [Int: Int] = [:]
    public var kernelHandles: [Int: Int] = [:]
    public var predictedCommits = 0
    public var kernelCommits = 0
    /// Journal blocks written by the commits (informational: not part of the targets).
    public var predictedBlocksLogged = 0
    public var kernelBlocksLogged = 0
    /// Credits asked at handle starts (informational).
    public var predictedCredits = 0
    public var kernelCredits = 0

    /// Handles by type agree: exactly where the kernel started fewer than 10 of a type,
    /// within 10 % where it started more.
    public var handlesMatch: Bool {
        for t in Set(predictedHandles.keys).union(kernelHandles.keys) {
            let k = kernelHandles[t] ?? 0, m = predictedHandles[t] ?? 0
            if k < 10 { if k != m { return false } }
            else if abs(m - k) * 10 > k { return false }
        }
        return true
    }
    public var commitsMatch: Bool { predictedCommits == kernelCommits }

    /// One line of the fidelity table.
    public var tableLine: String {
        func types(_ d: [Int: Int]) -> String { d.sorted { $0.key < $1.key }.map { "\($0.key):\($0.value)" }.joined(separator: " ") }
        let h = handlesMatch ? "yes" : "NO (model \(types(predictedHandles)) / kernel \(types(kernelHandles)))"
        return "| \(capture) | \(logicalExact)/\(files) | \(physicalExact)/\(files) | \(h) | \(predictedCommits)/\(kernelCommits)\(commitsMatch ? "" : " NO") | \(predictedBlocksLogged)/\(kernelBlocksLogged) | \(predictedCredits)/\(kernelCredits) |"
    }
    public static let tableHeader = "| capture | logical exact | physical exact | handles by type | commits model/kernel | blocks logged model/kernel | credits model/kernel |\n| --- | --- | --- | --- | --- | --- | --- |"
}

extension FidelityRow {
    /// The four `ext4_iomap_*` events: `model/kernel` counts and the calls equal in every field.
    public var iomapEventsColumn: String {
        iomapEvents.keys.sorted().compactMap { name -> String? in
            guard let s = iomapEvents[name], s.kernel > 0 || s.predicted > 0 else { return nil }
            let short = name.replacingAll("ext4_iomap_", with: "")
            return "\(short) \(s.predicted)/\(s.kernel) (\(s.matching)/\(s.compared) equal)"
        }.joined(separator: "; ")
    }

    /// `yes`, or both sides by type.
    public var handlesColumn: String {
        func types(_ d: [Int: Int]) -> String { d.sorted { $0.key < $1.key }.map { "\($0.key):\($0.value)" }.joined(separator: " ") }
        return handlesMatch && commitsMatch ? "journal yes" : "journal NO (model \(types(predictedHandles)), \(predictedCommits) commits / kernel \(types(kernelHandles)), \(kernelCommits) commits)"
    }

    public static let iomapTableHeader = "| capture | logical exact | physical exact | handles by type | commits model/kernel | ext4_iomap_* model/kernel |\n| --- | --- | --- | --- | --- | --- |"

    public var iomapTableLine: String {
        func types(_ d: [Int: Int]) -> String { d.sorted { $0.key < $1.key }.map { "\($0.key):\($0.value)" }.joined(separator: " ") }
        let h = handlesMatch ? "yes" : "NO (model \(types(predictedHandles)) / kernel \(types(kernelHandles)))"
        let mismatch = iomapEvents.values.compactMap(\.firstMismatch).first.map { " — first difference: \($0)" } ?? ""
        return "| \(capture) | \(logicalExact)/\(files) | \(physicalExact)/\(files) | \(h) | \(predictedCommits)/\(kernelCommits)\(commitsMatch ? "" : " NO") | \(iomapEventsColumn)\(mismatch) |"
    }
}
