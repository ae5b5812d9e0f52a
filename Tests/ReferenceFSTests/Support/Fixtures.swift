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

