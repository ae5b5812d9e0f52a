import Glibc
import TestSupport
import TraceParser
@testable import ReferenceFS

/// The repository's fixtures/ directory (TestSupport's) and helpers to replay its captures
/// through ReferenceFS.
enum Fixtures {
    static let root = TestSupport.Fixtures.directory() + "/"

    /// The fixture capture directory `capture` (`ext4-append-fsync`).
    static func capture(_ capture: String) -> CaptureDirectory { CaptureDirectory(root + capture) }

    static func geometry(_ capture: String) throws -> Geometry {
        try Geometry.parse(dumpe2fs: self.capture(capture).geometryText ?? "")
    }

    static func options(_ capture: String) throws -> MountOptions {
        try MountOptions.parse(self.capture(capture).meta?.mountOptions ?? "")
    }

    /// The capture's events, decoded once per test run (`CorpusCache`).
    static func events(_ capture: String, file: String = "trace.txt.zst") throws -> [TraceEvent] {
        try CorpusCache.shared.events(root + capture + "/" + file)
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


/// Captures recorded on another kernel (Linux 7.3 with the iomap series), wherever they are.
enum KernelCaptures {
    static let root = getenv("EXT4TRACE_KERNEL_CAPTURES").map { String(cString: $0) } ?? Fixtures.root
    static let all = KernelCapture.find(under: root, kernelPrefix: "7.3")
    static let iomap = all.filter(\.isIomapPath)
    static let missing = "no Linux 7.3 captures under $EXT4TRACE_KERNEL_CAPTURES or fixtures/"

    /// The capture's events, decoded once per test run (`CorpusCache`).
    static func events(_ c: KernelCapture) throws -> [TraceEvent] {
        guard let file = CaptureDirectory(c.directory).traceFile else { return [] }
        return try CorpusCache.shared.events(file)
    }

    /// Replays `events` of `c` through `path`, invariants checked after every operation.
    static func replay(_ c: KernelCapture, events: [TraceEvent], path: any BufferedIOPath) throws -> ReplayResult {
        let geometry = try Geometry.parse(dumpe2fs: CaptureDirectory(c.directory).geometryText ?? "")
        var fs = Filesystem(geometry: geometry, options: try MountOptions.parse(c.mountOptions))
        fs.kernel = KernelRelease.parse(c.kernel) ?? .linux6_18
        var r = Replayer(filesystem: fs, path: path)
        r.checksInvariants = true
        for e in events { r.consume(e) }
        return r.finish()
    }
}
