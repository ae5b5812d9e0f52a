import Analyzer
import Foundation
import TestSupport
import TraceParser
import XCTest

/// The repository's `fixtures/` captures, and the analyzer run over them.
enum Captures {
    static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }   // Support, AnalyzerTests, Tests
        return url.appendingPathComponent("fixtures").path
    }()

    static func path(_ capture: String, _ file: String = "trace.txt.zst") -> String {
        root + "/" + capture + "/" + file
    }

    static func geometry(_ capture: String) throws -> FilesystemGeometry {
        try FilesystemGeometry.load(path(capture, "geometry.txt"))
    }

    /// The report of a capture, analysed with its geometry, once per test run (`CorpusCache`).
    static func report(_ capture: String) throws -> OverheadReport {
        try CorpusCache.shared.value(key: "report:" + path(capture)) {
            let source = try TraceFile.open(path(capture))
            return try TraceAnalyzer.analyze(source, name: capture, geometry: geometry(capture))
        }
    }

    /// Every event of a capture, through the parser alone (the independent side of a check).
    /// Decoded once per test run (`CorpusCache`).
    static func events(_ capture: String) throws -> [TraceEvent] {
        try CorpusCache.shared.events(path(capture))
    }

    static func count(_ events: [TraceEvent], _ name: String) -> Int {
        events.reduce(0) { $0 + ($1.name == name ? 1 : 0) }
    }
}

/// The named metric's value, failing the test (at the caller's line) when it is missing.
func value(_ metrics: [Metric], _ key: String, file: StaticString = #filePath, line: UInt = #line) -> Double? {
    guard let m = metrics.first(where: { $0.key == key }) else {
        XCTFail("no metric \(key)", file: file, line: line)
        return nil
    }
    return m.value
}
