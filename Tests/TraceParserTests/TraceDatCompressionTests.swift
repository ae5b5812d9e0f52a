import XCTest
@testable import TraceParser

/// The three compressions of v7 files read to the same events.
final class TraceDatCompressionTests: XCTestCase {
    func testZlibFile_builtFromZstdCapture_readsToTheSameEvents() throws {
        let zstd = DatFixtures.path("ext4-append-fsync", "trace.dat")
        let zlib = DatFixtures.temporaryPath("append-fsync.zlib.dat")
        try TraceDatRecompressor.recompress(zstd, to: .zlib, name: "zlib", output: zlib)
        let header = try TraceDatHeader.read(try TraceDatFile(path: zlib))
        XCTAssertEqual(header.compression, .zlib)
        let fromZlib = try DatFixtures.events(zlib)
        let fromZstd = try DatFixtures.events(zstd)
        XCTAssertEqual(fromZlib.count, 995)
        XCTAssertEqual(fromZlib.count, fromZstd.count)
        for (a, b) in zip(fromZlib, fromZstd) {
            XCTAssertEqual(a.timestampNs, b.timestampNs)
            XCTAssertEqual(a.name, b.name)
            XCTAssertEqual(a.cpu, b.cpu)
            XCTAssertEqual(a.fields, b.fields, "\(a.name) at \(a.position)")
        }
    }

    func testUncompressedV7_readsToTheSameEventsAsZstd() throws {
        let plain = try DatFixtures.events(try DatFixtures.materialize("ext4-append-fsync", "trace.v7-uncompressed.dat.zst"))
        let zstd = try DatFixtures.events(DatFixtures.path("ext4-append-fsync", "trace.dat"))
        XCTAssertEqual(plain.map(\.timestampNs), zstd.map(\.timestampNs))
        XCTAssertEqual(plain.map(\.fields), zstd.map(\.fields))
    }
}
