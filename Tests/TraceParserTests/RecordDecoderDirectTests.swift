import XCTest
@testable import TraceParser

/// `RecordDecoder`'s direct path (one value per field, appended as computed) gives the fields
/// its `FieldAssembly` path gives, on every record of real captures of both kernels and xfs.
final class RecordDecoderDirectTests: XCTestCase {
    func testDirectFields_equalTheAssembledFields_onEveryRecordOfRealCaptures() throws {
        var checked = 0, directTypes = Set<String>(), assembledTypes = Set<String>()
        var direct: [EventField] = [], assembled: [EventField] = []
        for capture in NumericProgramTests.captures {
            let reader = try TraceDatReader(path: DatFixtures.path(capture, "trace.dat"), options: TraceReadOptions())
            while let e = try reader.next() {
                guard let i = reader.merger.first, let (d, _) = reader.identify(reader.merger.cursors[i]),
                      let decoder = d.decoder, decoder.hasPrintFormat else { continue }
                if !decoder.direct { assembledTypes.insert(e.name); continue }
                directTypes.insert(e.name)
                let ctx = PrintContext(record: reader.merger.cursors[i].record, loader: reader.loader,
                                       symbols: reader.symbols, style: .kernel, hz: reader.hz)
                decoder.fields(ctx, into: &direct)
                decoder.assembledFields(ctx, into: &assembled)
                XCTAssertEqual(direct, assembled, "\(capture): \(e.name) at \(e.position)")
                XCTAssertEqual(direct, decoder.fields(ctx), "\(capture): \(e.name) at \(e.position)")
                checked += 1
            }
        }
        // Not vacuous: most types print each field once (a device as MAJOR, MINOR); those
        // printing a field twice (flags as text and as a number) take the assembly.
        XCTAssertGreaterThan(checked, 10_000)
        XCTAssertTrue(directTypes.isSuperset(of: ["ext4_da_write_begin", "jbd2_handle_start"]), "\(directTypes.sorted())")
        XCTAssertFalse(assembledTypes.isEmpty)
    }

    func testDirectSteps_acceptOneValuePerFieldInOrder_andAMajorFollowedByItsMinor() {
        func step(_ field: Int, _ part: UInt8 = 0) -> RecordDecoder.FieldStep {
            RecordDecoder.FieldStep(conversion: 0, root: -1,
                                    value: TextTemplate.Value(field: field, kind: .unsigned, strength: .raw, devicePart: part),
                                    rule: RecordDecoder.NumberRule(signed: false, bits: 64))
        }
        XCTAssertTrue(RecordDecoder.directSteps([]))
        XCTAssertTrue(RecordDecoder.directSteps([step(0, 1), step(0, 2), step(1), step(2)]))
        XCTAssertFalse(RecordDecoder.directSteps([step(0), step(0)]), "a field printed twice")
        XCTAssertFalse(RecordDecoder.directSteps([step(1), step(0)]), "out of field order")
        XCTAssertFalse(RecordDecoder.directSteps([step(0, 1), step(1)]), "a major without its minor")
        XCTAssertFalse(RecordDecoder.directSteps([step(0, 2)]), "a minor alone")
    }
}
