import TraceParser
@testable import ReferenceFS

/// The repository's fixtures/ directory and helpers to replay its captures.
enum Fixtures {
    static let root: String = {
        let parts = #filePath.split(separator: "/").dropLast(4)
        return "/" + parts.joined(separator: "/") + "/fixtures/"
    }()

    static func geometry(_ capture: String) throws -> Geometry {
        try Geometry.parse(dumpe2fs: FidelityHarness.readTextFile(root + capture + "/geometry.txt") ?? "")
    }

    static func options(_ capture: String) throws -> MountOptions {
        try MountOptions.parse(FidelityHarness.readTextFile(root + capture + "/meta.json")
            .flatMap(FidelityHarness.mountOptions(inMetaJSON:)) ?? "")
    }

    static func events(_ capture: String, file: String = "trace.txt.zst") throws -> [TraceEvent] {
        let source = try TraceFile.open(root + capture + "/" + file)
        var out: [TraceEvent] = []
        while let e = try source.next() { out.append(e) }
        return out
    }

    /// Replays `events` of `capture` with invariants checked after every operation.
    static func replay(_ capture: String, events: [TraceEvent]? = nil,
                       until stop: ((TraceEvent) -> Bool)? = nil) throws -> Replayer {
        var r = Replayer(filesystem: Filesystem(geometry: try geometry(capture), options: try options(capture)),
                         path: BufferHeadPath())
        r.checksInvariants = true
        for e in try events ?? Self.events(capture) {
            if let stop, stop(e) { break }
            r.consume(e)
        }
        return r
    }
}

/// A small deterministic generator (SplitMix64) so randomized tests print and replay a seed.
struct SeededRandom: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
