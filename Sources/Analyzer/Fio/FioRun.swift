import Foundation

/// One fio run (`fio --output-format=json` output): its jobs' bandwidth by read/write kind and
/// block size.
///
///     {"fio version": "fio-3.33", "global options": {"ioengine": "psync", ...},
///      "jobs": [{"jobname": "write-4k", "job options": {"rw": "write", "bs": "4k"},
///                "read": {"bw_bytes": 0, ...}, "write": {"bw_bytes": 169450291, ...}}]}
public struct FioRun: Sendable, Equatable {
    public struct Result: Sendable, Equatable {
        /// `write`, `randread`, `randrw (read)`, ...
        public var kind: String
        /// Block size in bytes.
        public var blockSize: UInt64
        /// Bytes per second, summed over the run's jobs of this kind and size.
        public var bandwidthBytesPerSecond: Double
        public var jobs: Int

        public var mebibytesPerSecond: Double { bandwidthBytesPerSecond / 1_048_576 }
    }

    /// What the run is called in tables: its file name without `.json`.
    public var name: String
    public var results: [Result]

    public init(name: String, results: [Result]) {
        self.name = name
        self.results = results
    }

    public static func load(_ path: String) throws(AnalyzerError) -> FioRun {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw AnalyzerError(.io, file: path, "cannot read")
        }
        var name = (path as NSString).lastPathComponent
        if name.hasSuffix(".json") { name.removeLast(5) }
        return try parse(data, name: name, file: path)
    }

    /// Parses fio's JSON; text fio prints before the JSON object (warnings) is skipped.
    public static func parse(_ data: Data, name: String, file: String) throws(AnalyzerError) -> FioRun {
        guard let start = data.firstIndex(of: UInt8(ascii: "{")) else {
            throw AnalyzerError(.input, file: file, "no JSON object: not fio --output-format=json output")
        }
        let object: Any
        do { object = try JSONSerialization.jsonObject(with: data[start...]) } catch {
            throw AnalyzerError(.input, file: file, "not valid JSON: \(error.localizedDescription)")
        }
        guard let root = object as? [String: Any], let jobs = root["jobs"] as? [[String: Any]] else {
            throw AnalyzerError(.input, file: file, "no \"jobs\" array: not fio --output-format=json output")
        }
        let global = root["global options"] as? [String: Any] ?? [:]
        var merged: [String: Result] = [:]
        var order: [String] = []
        for (index, job) in jobs.enumerated() {
            for r in try results(of: job, global: global, file: file, index: index) {
                let key = "\(r.kind)/\(r.blockSize)"
                if var m = merged[key] {
                    m.bandwidthBytesPerSecond += r.bandwidthBytesPerSecond
                    m.jobs += 1
                    merged[key] = m
                } else {
                    merged[key] = r
                    order.append(key)
                }
            }
        }
        return FioRun(name: name, results: order.compactMap { merged[$0] })
    }

    /// A job's results: one for a read or write kind, two (read and write) for a mixed one.
    static func results(of job: [String: Any], global: [String: Any], file: String, index: Int) throws(AnalyzerError) -> [Result] {
        let options = job["job options"] as? [String: Any] ?? [:]
        func option(_ k: String) -> String? { (options[k] as? String) ?? (global[k] as? String) }
        let rw = option("rw") ?? option("readwrite") ?? "read"
        let bsText = option("bs") ?? option("blocksize") ?? "4k"
        let mixed = ["rw", "readwrite", "randrw"].contains(rw)
        var out: [Result] = []
        for (direction, slot) in [("read", 0), ("write", 1)] {
            guard mixed || rw.hasSuffix(direction) else { continue }
            guard let stats = job[direction] as? [String: Any] else {
                throw AnalyzerError(.input, file: file, "job \(index) (\(job["jobname"] ?? "?")) has no \"\(direction)\" object")
            }
            let parts = bsText.split(separator: ",").map(String.init)
            let bsPart = parts.count > slot ? parts[slot] : (parts.first ?? "4k")
            guard let bs = parseSize(bsPart) else {
                throw AnalyzerError(.input, file: file, "job \(index): block size \"\(bsText)\" is not a size")
            }
            let bw = (stats["bw_bytes"] as? NSNumber)?.doubleValue
                ?? ((stats["bw"] as? NSNumber)?.doubleValue).map { $0 * 1024 } ?? 0
            out.append(Result(kind: mixed ? "\(rw) (\(direction))" : rw, blockSize: bs, bandwidthBytesPerSecond: bw, jobs: 1))
        }
        return out
    }

    /// fio's sizes: `4096`, `4k`, `64K`, `1m`, `1MiB`, `2g` (powers of 1024, as fio's bs).
    public static func parseSize(_ s: String) -> UInt64? {
        var text = s.lowercased().trimmingCharacters(in: .whitespaces)
        for suffix in ["ib", "b"] where text.hasSuffix(suffix) && text.count > suffix.count {
            let trimmed = String(text.dropLast(suffix.count))
            if trimmed.last.map({ "kmgt".contains($0) }) == true || suffix == "b" { text = trimmed; break }
        }
        var multiplier: UInt64 = 1
        if let last = text.last, let i = "kmgt".firstIndex(of: last) {
            multiplier = 1 << (10 * UInt64("kmgt".distance(from: "kmgt".startIndex, to: i) + 1))
            text.removeLast()
        }
        guard let n = UInt64(text) else { return nil }
        let (bytes, overflow) = n.multipliedReportingOverflow(by: multiplier)
        return overflow ? nil : bytes
    }
}
