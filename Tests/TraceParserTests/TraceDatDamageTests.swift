import TestSupport
import XCTest
@testable import TraceParser

/// Truncated, corrupt and hostile trace.dat files: never a crash or a hang, always a clear
/// error naming the file, the section and the byte offset, and the events before damage in
/// event data are still returned.
final class TraceDatDamageTests: XCTestCase {
    /// Reads every event; returns them and the error that ended the read, if any.
    func readAll(_ path: String, decodeFields: Bool = false) -> (events: [TraceEvent], error: TraceError?) {
        var events: [TraceEvent] = []
        do {
            let source = try TraceFile.open(path, options: TraceReadOptions(decodeFields: decodeFields))
            while let e = try source.next() { events.append(e) }
            return (events, nil)
        } catch let e as TraceError {
            return (events, e)
        } catch {
            XCTFail("unexpected error type \(error)")
            return (events, nil)
        }
    }

    func assertClear(_ error: TraceError, file path: String, size: Int, _ context: String) {
        XCTAssertEqual(error.file, path, context)
        XCTAssertTrue([.corrupt, .notATrace, .unsupported].contains(error.kind), "\(context): \(error)")
        guard case .offset(let at) = error.location else { return XCTFail("\(context): no offset in \(error)") }
        XCTAssertTrue(at >= 0 && at <= max(size, 1 << 20), "\(context): offset \(at) in \(error)")
        if error.kind != .notATrace { XCTAssertNotNil(error.section, "\(context): no section in \(error)") }
    }

    func testTruncatedAtManyOffsets_alwaysFailsWithFileSectionAndOffset() throws {
        let original = try DatFixtures.bytes(DatFixtures.path("ext4-append-fsync", "trace.dat"))
        // Section and data boundaries of this file (trace-cmd dump --options), each side of them.
        let boundaries = [0, 1, 9, 10, 11, 12, 13, 17, 18, 24, 29, 37, 53, 61, 314, 2063, 124_459, 1_137_080,
                          1_138_290, 1_138_653, 1_139_545, 1_139_561, 1_139_620, 1_142_784, 1_146_880, 1_152_568]
        var cuts = Set(boundaries.flatMap { [$0, $0 + 3, $0 + 17] })
        for i in 0..<40 { cuts.insert(i * original.count / 40 + 7) }
        cuts.formUnion([original.count - 1, 1_152_672, 1_152_673])
        let path = DatFixtures.temporaryPath("truncated.dat")
        // The file ends with a strings section (section descriptions) the reader has no use
        // for; cut there, every event is still read. An empty file is an empty text trace.
        let stringsSection = 1_152_673
        for cut in cuts.sorted() where cut > 0 && cut < original.count {
            try DatFixtures.write(Array(original[0..<cut]), to: path)
            let (events, error) = readAll(path)
            if cut >= stringsSection {
                XCTAssertNil(error, "truncated at \(cut) in the strings section")
                XCTAssertEqual(events.count, 995, "truncated at \(cut) in the strings section")
                continue
            }
            guard let error else { XCTFail("truncated at \(cut): read without error"); continue }
            assertClear(error, file: path, size: cut, "truncated at \(cut)")
        }
    }

    func testTruncatedVersion6_alwaysFailsWithFileSectionAndOffset() throws {
        let original = try DatFixtures.bytes(try DatFixtures.materialize("ext4-seq-write-4k", "trace.v6.dat.zst"))
        // header, header_page/event, formats, kallsyms (from ~120 KB), options and flyrecord
        // tables (from 7,445,000), CPU data (7,446,528 on).
        var cuts = [12, 16, 30, 250, 480, 1_000, 5_000, 60_000, 120_000, 2_000_000, 7_440_000]
        cuts += stride(from: 7_445_000, to: 7_446_600, by: 97).map { $0 }
        cuts += [7_450_000, 7_500_000, original.count - 1]
        let path = DatFixtures.temporaryPath("truncated-v6.dat")
        for cut in cuts where cut < original.count {
            try DatFixtures.write(Array(original[0..<cut]), to: path)
            let (_, error) = readAll(path)
            guard let error else { XCTFail("v6 truncated at \(cut): read without error"); continue }
            assertClear(error, file: path, size: cut, "v6 truncated at \(cut)")
        }
    }

    func testDamagedPage_returnsEveryEventBeforeItThenNamesThePage() throws {
        let good = try DatFixtures.materialize("ext4-append-fsync", "trace.v7-uncompressed.dat.zst")
        var bytes = try DatFixtures.bytes(good)
        let full = readAll(good).events
        XCTAssertEqual(full.count, 995)
        // CPU 1's data: 10 pages at 7458816 (trace-cmd dump --flyrecord). Make its fourth
        // page's commit claim more bytes than a page holds.
        let page = 7_458_816 + 3 * 4096
        let pageStart = UInt64(bytes[page..<(page + 8)].reversed().reduce(0) { $0 << 8 | UInt64($1) })
        bytes.replaceSubrange((page + 8)..<(page + 12), with: [0xFF, 0xFF, 0x00, 0x00])
        let path = DatFixtures.temporaryPath("damaged-page.dat")
        try DatFixtures.write(bytes, to: path)
        let (events, error) = readAll(path)
        let e = try XCTUnwrap(error)
        assertClear(e, file: path, size: bytes.count, "damaged page")
        XCTAssertEqual(e.location, .offset(page))
        XCTAssertEqual(e.section, "flyrecord corpus cpu 1")
        // Every CPU 0 event, and CPU 1's events up to the damaged page.
        let expected = full.filter { $0.cpu == 0 || $0.timestampNs < pageStart }
        XCTAssertEqual(events.map(\.timestampNs), expected.map(\.timestampNs))
        XCTAssertGreaterThan(events.filter { $0.cpu == 1 }.count, 50)
    }

    func testRandomByteDamage_neverCrashes() throws {
        let original = try DatFixtures.bytes(DatFixtures.path("ext4-append-fsync", "trace.dat"))
        var rng = SeededRandom(seed: 0x5EED_DA7)
        print("testRandomByteDamage seed 0x5EED_DA7")
        let path = DatFixtures.temporaryPath("flipped.dat")
        let regions = [0..<64, 0..<2063, 1_137_000..<original.count, 1_142_784..<original.count]
        for round in 0..<160 {
            var bytes = original
            let region = regions[round % regions.count]
            for _ in 0..<(1 + round % 3) {
                let at = region.lowerBound + Int(rng.next() % UInt64(region.count))
                bytes[at] ^= UInt8(truncatingIfNeeded: rng.next() | 1)
            }
            try DatFixtures.write(bytes, to: path)
            let (events, error) = readAll(path, decodeFields: round % 8 == 0)
            XCTAssertLessThanOrEqual(events.count, 100_000, "round \(round)")
            if let error { assertClear(error, file: path, size: bytes.count, "round \(round)") }
        }
    }

    func testHostileSizes_areRejectedBeforeAllocating() throws {
        let original = try DatFixtures.bytes(DatFixtures.path("ext4-append-fsync", "trace.dat"))
        let path = DatFixtures.temporaryPath("hostile.dat")
        // The header-info section at 37 claims to expand its 253 bytes to 4 GiB - 1.
        var bytes = original
        bytes.replaceSubrange(57..<61, with: [0xFF, 0xFF, 0xFF, 0xFF])
        try DatFixtures.write(bytes, to: path)
        var error = try XCTUnwrap(readAll(path).error)
        XCTAssertEqual(error.section, "header info")
        XCTAssertTrue(error.reason.contains("expand"), error.description)
        // CPU 0's data at 1142784 claims 2^31 chunks.
        bytes = original
        bytes.replaceSubrange(1_142_784..<1_142_788, with: [0, 0, 0, 0x80])
        try DatFixtures.write(bytes, to: path)
        error = try XCTUnwrap(readAll(path).error)
        XCTAssertEqual(error.section, "flyrecord corpus cpu 0")
        XCTAssertEqual(error.location, .offset(1_142_784))
        // The options offset in the file header points past the end.
        bytes = original
        bytes.replaceSubrange(29..<37, with: [0, 0, 0, 0, 0, 0, 0, 0x7F])
        try DatFixtures.write(bytes, to: path)
        error = try XCTUnwrap(readAll(path).error)
        XCTAssertEqual(error.section, "file header")
    }

    func testNotATraceDat_isRefusedClearly() throws {
        let path = DatFixtures.temporaryPath("version9.dat")
        var bytes = try DatFixtures.bytes(DatFixtures.path("ext4-append-fsync", "trace.dat"))
        bytes[10] = UInt8(ascii: "9")
        try DatFixtures.write(bytes, to: path)
        let error = try XCTUnwrap(readAll(path).error)
        XCTAssertEqual(error.kind, .unsupported)
        XCTAssertTrue(error.description.contains("version 9"), error.description)
    }
}

