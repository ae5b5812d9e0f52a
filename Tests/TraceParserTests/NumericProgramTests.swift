import XCTest
@testable import TraceParser

/// `NumericProgram`, the decoder's compiled form of numeric print-format arguments, computes
/// what `PrintExpression.evaluate` computes, on every record of real captures; and
/// `EventNameIndex` finds each event name's index whichever copy of the name it is given.
final class NumericProgramTests: XCTestCase {
    /// Captures of both kernels (6.18, and 7.3-rc7 with the iomap series) and of xfs.
    static let captures = ["ext4-append-fsync", "ext4-dio-write", "ext4-journal-seq-write-4k",
                           "iomap/append-fsync/iomap", "iomap/seq-write-4k/bh", "xfs-seq-write-1k"]

    func testEveryCompiledArgument_evaluatesLikePrintExpression_onEveryRecordOfRealCaptures() throws {
        var checked = 0, compiledTypes = Set<String>(), interpretedTypes = Set<String>()
        for capture in Self.captures {
            let reader = try TraceDatReader(path: DatFixtures.path(capture, "trace.dat"), options: TraceReadOptions())
            while let e = try reader.next() {
                guard let i = reader.merger.first, let (d, _) = reader.identify(reader.merger.cursors[i]),
                      let decoder = d.decoder else { continue }
                let ctx = PrintContext(record: reader.merger.cursors[i].record, loader: reader.loader, symbols: nil, style: .kernel)
                for step in decoder.steps {
                    guard step.root >= 0 else { interpretedTypes.insert(e.name); continue }
                    compiledTypes.insert(e.name)
                    let compiled = decoder.program.nodes.withUnsafeBufferPointer {
                        NumericProgram.evaluate($0, step.root, ctx.record, ctx.loader)
                    }
                    var interpreted: UInt64? = nil
                    if case .number(let v, _)? = decoder.conversions[step.conversion].expression?.evaluate(ctx) { interpreted = v }
                    XCTAssertEqual(compiled, interpreted, "\(capture): \(e.name) conversion \(step.conversion) at \(e.position)")
                    checked += 1
                }
            }
        }
        // Not vacuous: most ext4 arguments compile (dev, ino, lblk, len ...); flags and
        // symbols (`__print_flags`, `%pS`) stay with the interpreter.
        XCTAssertGreaterThan(checked, 10_000)
        XCTAssertTrue(compiledTypes.isSuperset(of: ["ext4_da_write_begin", "ext4_es_lookup_extent_exit", "jbd2_handle_start"]))
        XCTAssertTrue(interpretedTypes.contains("ext4_es_lookup_extent_exit"), "its status flags print through __print_flags")
    }

    func testFieldPastTheRecordsEnd_andDivisionByZero_giveNoValue_asTheInterpreter() throws {
        let f = try EventFormat.parse("""
            name: test_event
            ID: 999
            format:
            \tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;
            \tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;

            \tfield:unsigned int a;\toffset:8;\tsize:4;\tsigned:0;
            \tfield:unsigned int b;\toffset:12;\tsize:4;\tsigned:0;

            print fmt: "q %u", REC->a / REC->b
            """, system: "test")
        let decoder = RecordDecoder(f)
        XCTAssertEqual(decoder.steps.count, 1)
        let root = try XCTUnwrap(decoder.steps.first).root
        XCTAssertGreaterThanOrEqual(root, 0)
        func both(_ record: [UInt8]) -> (UInt64?, UInt64?) {
            record.withUnsafeBytes { raw in
                let ctx = PrintContext(record: raw, loader: RawLoader(bigEndian: false), symbols: nil, style: .kernel)
                let compiled = decoder.program.nodes.withUnsafeBufferPointer { NumericProgram.evaluate($0, root, raw, ctx.loader) }
                guard case .number(let v, _)? = decoder.conversions[0].expression?.evaluate(ctx) else { return (compiled, nil) }
                return (compiled, v)
            }
        }
        let header = [UInt8](repeating: 0, count: 8)
        let le: (UInt32) -> [UInt8] = { withUnsafeBytes(of: $0.littleEndian, Array.init) }
        XCTAssertTrue(both(header + le(12) + le(4)) == (3, 3))
        XCTAssertTrue(both(header + le(12) + le(0)) == (nil, nil))
        XCTAssertTrue(both(header + le(12)) == (nil, nil))   // b lies past the record's end
    }

    func testEventNameIndex_findsNamesSharingACacheSlot_andCopiesOfAName() {
        var index = EventNameIndex()
        // Same length and last byte: the same cache slot.
        let a = index.add("ext4_es_aaa_x"), b = index.add("ext4_es_bbb_x")
        XCTAssertNotEqual(a, b)
        for _ in 0..<3 {
            XCTAssertEqual(index.index(of: "ext4_es_aaa_x"), a)
            XCTAssertEqual(index.index(of: "ext4_es_bbb_x"), b)
        }
        // A name built at run time (its own storage) is found as well.
        let copy = String(decoding: Array("ext4_es_bbb_x".utf8), as: UTF8.self)
        XCTAssertEqual(index.index(of: copy), b)
        XCTAssertNil(index.index(of: "ext4_es_ccc_x"))
        XCTAssertEqual(index.names, ["ext4_es_aaa_x", "ext4_es_bbb_x"])
    }
}
