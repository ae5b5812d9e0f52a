import TestSupport
import TraceParser
import XCTest

/// Replays the fuzzers' seeds and every input a fuzzer ever crashed on (fixtures/fuzz-seeds,
/// fixtures/fuzz-regressions) through the same code the fuzz targets run (`make fuzz`).
final class FuzzRegressionTests: XCTestCase {
    func inputs() throws -> [(String, [UInt8])] {
        var out: [(String, [UInt8])] = []
        for dir in ["fuzz-seeds", "fuzz-regressions"] {
            for name in Fixtures.listing(dir) where !name.hasPrefix(".") {
                let path = Fixtures.path("\(dir)/\(name)")
                let source = try FileByteSource(path: path)
                var bytes: [UInt8] = []
                var chunk = [UInt8](repeating: 0, count: 65536)
                while true {
                    let n = try chunk.withUnsafeMutableBytes { try source.read(into: $0) }
                    if n == 0 { break }
                    bytes += chunk[0..<n]
                }
                out.append((path, bytes))
            }
        }
        return out
    }

    func testFuzzInputs_readWithoutCrashing() throws {
        let all = try inputs()
        XCTAssertGreaterThanOrEqual(all.count, 5)
        for (path, bytes) in all {
            var events = 0
            for format in [InputFormat.ftrace, .traceCmd, .perf] {
                let reader = TextTraceReader(source: MemoryByteSource(bytes, path: path), format: format, options: TraceReadOptions())
                while let e = try? reader.next() { events += 1; _ = FtraceTextRenderer().line(e) }
            }
            if let format = try? EventFormat.parse(String(decoding: bytes, as: UTF8.self), system: "fuzz") {
                XCTAssertFalse(format.name.isEmpty, path)
            }
            _ = events
        }
    }
}
