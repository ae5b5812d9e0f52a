import Foundation
import ReferenceFS
import TraceParser
import XCTest

/// The repository's `fixtures/` directory (tests never read ../shared).
func iomapFixture(_ capture: String, _ file: String = "trace.txt.zst") -> String {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("fixtures/\(capture)/\(file)").path
}

/// Every event of a capture.
func iomapCaptureEvents(_ capture: String) throws -> [TraceEvent] {
    let source = try TraceFile.open(iomapFixture(capture))
    var events: [TraceEvent] = []
    while let e = try source.next() { events.append(e) }
    return events
}

/// A capture replayed under `path`, invariants checked after every operation.
struct IomapReplay {
    var result: ReplayResult
    /// The events the model emitted (`Filesystem.emit`).
    var predicted: [TraceEvent]
    var device: String

    func count(_ name: String) -> Int { predicted.reduce(0) { $0 + ($1.name == name ? 1 : 0) } }
}

func replayCapture(_ capture: String, events: [TraceEvent], path: any BufferedIOPath) throws -> IomapReplay {
    let geometry = try Geometry.parse(dumpe2fs: try String(contentsOfFile: iomapFixture(capture, "geometry.txt"), encoding: .utf8),
                                      file: "geometry.txt")
    let meta = (try? String(contentsOfFile: iomapFixture(capture, "meta.json"), encoding: .utf8)) ?? ""
    let options = meta.firstRange(of: "\"mount_opts\": \"").map { r in String(meta[r.upperBound...].prefix { $0 != "\"" }) } ?? ""
    var fs = Filesystem(geometry: geometry, options: try MountOptions.parse(options))
    fs.trace = []
    var replayer = Replayer(filesystem: fs, path: path)
    replayer.checksInvariants = true
    for e in events { replayer.consume(e) }
    let result = replayer.finish()
    return IomapReplay(result: result, predicted: replayer.fs.trace ?? [], device: replayer.device ?? "")
}

/// How many events named `name` a capture holds (the kernel's own decisions, for comparison).
func countEvents(_ events: [TraceEvent], _ name: String) -> Int {
    events.reduce(0) { $0 + ($1.name == name ? 1 : 0) }
}

extension TraceEvent {
    /// The event's text after `name: `, as the kernel prints it (its print format).
    var body: String { FtraceTextRenderer().body(self) ?? "" }
}
