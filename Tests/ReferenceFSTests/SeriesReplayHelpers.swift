import Foundation
import ReferenceFS
import TraceParser
import XCTest

/// The repository's `fixtures/` directory (tests never read ../shared).
func fixturePath(_ capture: String, _ file: String = "trace.txt.zst") -> String {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("fixtures/\(capture)/\(file)").path
}

/// Every event of a capture.
func captureEvents(_ capture: String) throws -> [TraceEvent] {
    let source = try TraceFile.open(fixturePath(capture))
    var events: [TraceEvent] = []
    while let e = try source.next() { events.append(e) }
    return events
}

/// Replays a capture's operations under `scheme`.
func replaySeries(_ events: [TraceEvent], _ scheme: WritebackScheme, capture: String,
                  recordEvents: Bool = false) throws -> IomapPath {
    let geometryText = (try? String(contentsOfFile: fixturePath(capture, "geometry.txt"), encoding: .utf8)) ?? ""
    var path = IomapPath(scheme: scheme, geometry: SeriesGeometry(dumpe2fs: geometryText), recordEvents: recordEvents)
    var extractor = SeriesOperationExtractor()
    for e in events {
        for op in extractor.consume(e) {
            path.apply(op)
            path.checkInvariants()
        }
    }
    for op in extractor.finish() { path.apply(op) }
    return path
}

/// How many events named `name` a capture holds (the kernel's own decisions, for comparison).
func count(_ events: [TraceEvent], _ name: String) -> Int {
    events.reduce(0) { $0 + ($1.name == name ? 1 : 0) }
}
