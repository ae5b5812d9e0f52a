import TraceParser

extension Geometry {
    /// Reads `dumpe2fs -h` output (as geometry.txt holds it).
    ///
    /// Lines are `Key:   value`; keys the model does not use are skipped, a missing required
    /// key or a non-numeric value is an error naming the line.
    public static func parse(dumpe2fs text: String, file: String = "geometry") throws(ModelError) -> Geometry {
        let values = Dumpe2fsText(text)
        func number(_ key: String, default d: UInt64? = nil) throws(ModelError) -> UInt64 {
            guard let (text, line) = values[key].map({ ($0.value, $0.line) }) else {
                if let d { return d }
                throw ModelError(.geometry, file: file, "no \"\(key):\" line (is this dumpe2fs -h output?)")
            }
            let digits = text.prefix { $0.isNumber }
            guard let v = UInt64(digits) else {
                throw ModelError(.geometry, file: file, line: line, "\(key) is not a number: \(text)")
            }
            return v
        }
        let blockSize = try number("Block size")
        let clusterSize = try number("Cluster size", default: blockSize)
        let features = Set((values["Filesystem features"]?.value ?? "").split(separator: " ").map(String.init))
        let journalBlocks = features.contains("has_journal") ? try number("Total journal blocks", default: 0) : 0
        var g = Geometry(
            blockSize: Int(blockSize),
            blocksCount: try number("Block count"),
            freeBlocks: try number("Free blocks"),
            firstDataBlock: try number("First block"),
            blocksPerGroup: try number("Blocks per group"),
            clusterRatio: max(1, clusterSize / blockSize),
            flexGroupSize: try number("Flex block group size", default: 1),
            reservedGDTBlocks: try number("Reserved GDT blocks", default: 0),
            descriptorSize: Int(try number("Group descriptor size", default: 32)),
            inodesPerGroup: try number("Inodes per group"),
            inodeBlocksPerGroup: try number("Inode blocks per group"),
            inodeSize: Int(try number("Inode size", default: 256)),
            overheadClusters: values["Overhead clusters"] != nil ? try number("Overhead clusters") : nil,
            features: features,
            journalInode: try number("Journal inode", default: 8),
            journalBlocks: journalBlocks)
        if !features.contains("flex_bg") { g.flexGroupSize = 1 }
        guard blockSize >= 1024, blockSize.nonzeroBitCount == 1, g.blocksPerGroup > 0,
              g.blocksPerGroup % g.clusterRatio == 0 else {
            throw ModelError(.geometry, file: file, "inconsistent geometry: block size \(blockSize), blocks per group \(g.blocksPerGroup), cluster ratio \(g.clusterRatio)")
        }
        return g
    }
}
