import Foundation
import XCTest
@testable import TraceParser

/// Paths of the captures under `fixtures/`, and temporary copies tests may damage.
enum DatFixtures {
    static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) {
                return url.appendingPathComponent("fixtures").path
            }
        }
        return "fixtures"
    }()

    static func path(_ capture: String, _ file: String) -> String { "\(root)/\(capture)/\(file)" }

    /// A `.zst` fixture decompressed to a temporary file (the large uncompressed trace.dat
    /// files are stored compressed); other files are returned as they are.
    static func materialize(_ capture: String, _ file: String) throws -> String {
        let source = path(capture, file)
        guard file.hasSuffix(".zst") else { return source }
        let target = temporaryPath("\(capture)-\(file.dropLast(4))")
        if FileManager.default.fileExists(atPath: target) { return target }
        let reader = try ZstdByteSource(FileByteSource(path: source))
        var out = Data()
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
        defer { chunk.deallocate() }
        while true {
            let n = try reader.read(into: chunk)
            if n == 0 { break }
            out.append(contentsOf: UnsafeRawBufferPointer(rebasing: chunk[0..<n]))
        }
        try out.write(to: URL(fileURLWithPath: target))
        return target
    }

    /// A path in this test process's temporary directory, removed when it exits.
    static func temporaryPath(_ name: String) -> String { temporaryDirectory + "/" + name }

    static func bytes(_ path: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    }

    static func write(_ bytes: [UInt8], to path: String) throws {
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    /// Every event of a file, read with `options`.
    static func events(_ path: String, options: TraceReadOptions = TraceReadOptions()) throws -> [TraceEvent] {
        let source = try TraceFile.open(path, options: options)
        var all: [TraceEvent] = []
        while let e = try source.next() { all.append(e) }
        return all
    }
}
