import XCTest
@testable import TraceParser

/// Ring-buffer page details: the missed-events flags of a page header, and the record header
/// kinds (padding, time extend, absolute timestamp) on hand-built pages.
final class TraceDatRingBufferTests: XCTestCase {
    func testMissedEventsFlag_countsLostEventsAndMarkers() throws {
        var bytes = try DatFixtures.bytes(try DatFixtures.materialize("ext4-append-fsync", "trace.v7-uncompressed.dat.zst"))
        // CPU 0's third page (trace-cmd dump --flyrecord: CPU 0 at 7446528) commits 1064 bytes;
        // flag it "events missed, count stored" and store 7 after its data.
        let page = 7_446_528 + 2 * 4096
        XCTAssertEqual(bytes[page + 8], 0x28)       // 1064 = 0x428
        bytes[page + 11] |= 0xC0
        bytes.replaceSubrange((page + 16 + 1064)..<(page + 16 + 1072), with: [7, 0, 0, 0, 0, 0, 0, 0])
        // CPU 0's second page: "events missed", count unknown.
        bytes[page - 4096 + 11] |= 0x80
        let path = DatFixtures.temporaryPath("missed.dat")
        try DatFixtures.write(bytes, to: path)
        let source = try TraceFile.open(path, options: TraceReadOptions(decodeFields: false))
        var n = 0
        while try source.next() != nil { n += 1 }
        XCTAssertEqual(n, 995)
        XCTAssertEqual(source.diagnostics.lostEvents, 7)
        XCTAssertEqual(source.diagnostics.lostEventMarkers, 2)
    }

    /// A one-page CPU stream over `data` (little endian, 8-byte commit), walked to the end.
    func records(_ data: [UInt8], pageTimestamp: UInt64, bigEndian: Bool = false) throws -> [(UInt64, Int)] {
        var page = [UInt8](repeating: 0, count: 4096)
        page.replaceSubrange(0..<8, with: withUnsafeBytes(of: bigEndian ? pageTimestamp.bigEndian : pageTimestamp.littleEndian, Array.init))
        let commit = UInt64(data.count)
        page.replaceSubrange(8..<16, with: withUnsafeBytes(of: bigEndian ? commit.bigEndian : commit.littleEndian, Array.init))
        page.replaceSubrange(16..<(16 + data.count), with: data)
        let path = DatFixtures.temporaryPath("page.bin")
        try DatFixtures.write(page, to: path)
        let file = try TraceDatFile(path: path)
        let stream = CPUDataStream(file: file, data: .init(cpu: 0, offset: 0, size: 4096), compression: .none,
                                   pageSize: 4096, section: "test page")
        let cursor = CPUCursor(stream: stream, cpu: 0, buffer: 0, layout: RingBufferPageLayout(), bigEndian: bigEndian)
        var out: [(UInt64, Int)] = []
        while try cursor.advance() { out.append((cursor.timestampNs, cursor.record.count)) }
        return out
    }

    static func header(typeLen: UInt32, delta: UInt32) -> [UInt8] {
        withUnsafeBytes(of: (typeLen | delta << 5).littleEndian, Array.init)
    }
    static func word(_ v: UInt32) -> [UInt8] { withUnsafeBytes(of: v.littleEndian, Array.init) }

    func testRecordHeaders_dataPaddingExtendAndAbsoluteTimestamps() throws {
        var data: [UInt8] = []
        data += Self.header(typeLen: 2, delta: 10) + [UInt8](repeating: 1, count: 8)          // 8-byte record at +10
        data += Self.header(typeLen: 29, delta: 5) + Self.word(8) + [0, 0, 0, 0]             // discarded: 12 bytes in all
        data += Self.header(typeLen: 30, delta: 3) + Self.word(1)                            // extend by 2^27 + 3
        data += Self.header(typeLen: 0, delta: 1) + Self.word(4 + 12) + [UInt8](repeating: 2, count: 12)
        data += Self.header(typeLen: 31, delta: 7) + Self.word(0)                            // absolute time 7
        data += Self.header(typeLen: 1, delta: 2) + [3, 3, 3, 3]
        let r = try records(data, pageTimestamp: 1000)
        XCTAssertEqual(r.map(\.0), [1010, 1010 + (1 << 27) + 3 + 1, 9])
        XCTAssertEqual(r.map(\.1), [8, 12, 4])
    }

    func testBigEndianPage_readsTypeLenFromTheTopBits() throws {
        func be(_ v: UInt32) -> [UInt8] { withUnsafeBytes(of: v.bigEndian, Array.init) }
        var data: [UInt8] = []
        data += be(2 << 27 | 10) + [UInt8](repeating: 1, count: 8)        // type_len 2, delta 10
        data += be(30 << 27 | 3) + be(1)                                   // time extend
        data += be(1 << 27 | 2) + [3, 3, 3, 3]
        let r = try records(data, pageTimestamp: 1000, bigEndian: true)
        XCTAssertEqual(r.map(\.0), [1010, 1010 + (1 << 27) + 3 + 2])
        XCTAssertEqual(r.map(\.1), [8, 4])
    }

    func testRecordRunningPastThePage_isAnErrorNamingThePage() throws {
        let data = Self.header(typeLen: 0, delta: 1) + Self.word(4000)
        XCTAssertThrowsError(try records(data, pageTimestamp: 0)) { error in
            let e = error as? TraceError
            XCTAssertEqual(e?.section, "test page")
            XCTAssertEqual(e?.location, .offset(0))
            XCTAssertTrue(e?.reason.contains("runs past the page") ?? false, "\(error)")
        }
    }
}
