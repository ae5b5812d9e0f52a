import Foundation
import TraceParser

extension FilesystemGeometry {
    /// Reads `geometry.txt`: `dumpe2fs -h` lines (`Block size:               4096`,
    /// `Total journal blocks:     16384`) or `xfs_db` lines (`blocksize = 4096`,
    /// `logstart = 262150`, `logblocks = 16384`, `agblocks = 131072`, `agblklog = 17`).
    public static func load(_ path: String) throws(AnalyzerError) -> FilesystemGeometry {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw AnalyzerError(.io, file: path, "cannot read the geometry file")
        }
        return try parse(String(decoding: data, as: UTF8.self), file: path)
    }

    public static func parse(_ text: String, file: String) throws(AnalyzerError) -> FilesystemGeometry {
        let values = Dumpe2fsText(text, xfsDbLines: true)
        func number(_ key: String) throws(AnalyzerError) -> UInt64? {
            guard let entry = values[key] else { return nil }
            let (value, line) = (entry.value, entry.line)
            guard let n = UInt64(value) else {
                throw AnalyzerError(.input, file: file, line: line, "\"\(key)\" is not a number: \(value)")
            }
            return n
        }
        if let blockSize = try number("Block size") {
            return FilesystemGeometry(kind: .ext4, blockSize: blockSize, journalBlocks: try number("Total journal blocks"))
        }
        if let blockSize = try number("blocksize") {
            var g = FilesystemGeometry(kind: .xfs, blockSize: blockSize, journalBlocks: try number("logblocks"))
            if let logstart = try number("logstart"), logstart > 0,
               let agblocks = try number("agblocks"), let agblklog = try number("agblklog"), agblklog < 64 {
                // An XFS block number is (AG number << agblklog) | block within the AG.
                let ag = logstart >> agblklog
                let within = logstart & ((1 << agblklog) - 1)
                let (blocks, o1) = ag.multipliedReportingOverflow(by: agblocks)
                let (block, o2) = blocks.addingReportingOverflow(within)
                let (sector, o3) = block.multipliedReportingOverflow(by: g.sectorsPerBlock)
                guard !(o1 || o2 || o3) else {
                    throw AnalyzerError(.input, file: file, line: values["logstart"]?.line, "logstart \(logstart) lies beyond any disk")
                }
                g.journalStartSector = sector
            }
            return g
        }
        throw AnalyzerError(.input, file: file, line: 1,
                            "neither dumpe2fs -h (\"Block size:\") nor xfs_db sb (\"blocksize =\") output")
    }
}
