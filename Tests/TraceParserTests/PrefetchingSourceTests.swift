import TestSupport
import TraceParser
import XCTest

/// Reading on a second thread must hand over the same events, in the same order, with the
/// same diagnostics and the same error at the end as reading directly.
final class PrefetchingSourceTests: XCTestCase {
    func testSameEventsAndDiagnostics_anyBatchSize() throws {
        for input in ["ext4-append-fsync/trace.dat", "ext4-append-fsync/trace.txt.zst", "fuzz-seeds/ftrace.txt"] {
            let path = Fixtures.path(input)
            let reader = try TraceFile.open(path)
            var direct: [TraceEvent] = []
            while let e = try reader.next() { direct.append(e) }
            let diagnostics = reader.diagnostics
            for (batch, depth) in [(1, 1), (7, 2), (2048, 4), (1 << 20, 1)] {
                let source = PrefetchingSource(try TraceFile.open(path), batchSize: batch, depth: depth)
                var events: [TraceEvent] = []
                while let e = try source.next() { events.append(e) }
                XCTAssertNil(try source.next(), "\(input): nil again after the end")
                XCTAssertEqual(events.count, direct.count, input)
                XCTAssertEqual(events.map(\.position), direct.map(\.position), input)
                XCTAssertEqual(events.map(\.fields), direct.map(\.fields), input)
                XCTAssertEqual(source.diagnostics.unparsedLines, diagnostics.unparsedLines, input)
                XCTAssertEqual(source.diagnostics.cpus, diagnostics.cpus, input)
                XCTAssertEqual(source.progress.done, reader.progress.done, input)
            }
        }
    }

    /// `nextBatch` (the report's reading in place) hands out the events `next` would, mixed
    /// with `next` in any order, every event once.
    func testNextBatch_theSameEventsAsNext_mixedWithIt() throws {
        let path = Fixtures.path("ext4-append-fsync/trace.dat")
        let reader = try TraceFile.open(path)
        var direct: [TraceEvent] = []
        while let e = try reader.next() { direct.append(e) }
        for batch in [1, 7, 2048] {
            let source = PrefetchingSource(try TraceFile.open(path), batchSize: batch)
            var events: [TraceEvent] = []
            var step = 0
            while true {
                step += 1
                if step % 3 == 0 {
                    guard let e = try source.next() else { break }
                    events.append(e)
                } else {
                    let b = try source.nextBatch()
                    if b.isEmpty { break }
                    XCTAssertLessThanOrEqual(b.count, batch)
                    events += b
                }
            }
            XCTAssertTrue(try source.nextBatch().isEmpty, "empty again after the end")
            XCTAssertEqual(events.map(\.position), direct.map(\.position), "batches of \(batch)")
            XCTAssertEqual(events.map(\.fields), direct.map(\.fields), "batches of \(batch)")
        }
    }

    func testDamage_eventsBeforeItThenTheSameError() throws {
        // CPU 1's fourth page claims more bytes than a page holds (as in TraceDatDamageTests):
        // the reader returns every event before it, then throws.
        let good = try DatFixtures.materialize("ext4-append-fsync", "trace.v7-uncompressed.dat.zst")
        var bytes = try DatFixtures.bytes(good)
        let page = 7_458_816 + 3 * 4096
        bytes.replaceSubrange((page + 8)..<(page + 12), with: [0xFF, 0xFF, 0x00, 0x00])
        let path = DatFixtures.temporaryPath("damaged-prefetch.dat")
        try DatFixtures.write(bytes, to: path)
        func drain(_ s: any TraceEventSource) -> (Int, String?) {
            var n = 0
            do { while try s.next() != nil { n += 1 } } catch { return (n, error.description) }
            return (n, nil)
        }
        let direct = drain(try TraceFile.open(path))
        XCTAssertNotNil(direct.1)
        func drainBatches(_ s: PrefetchingSource) -> (Int, String?) {
            var n = 0
            do {
                while true {
                    let b = try s.nextBatch()
                    if b.isEmpty { break }
                    n += b.count
                }
            } catch { return (n, error.description) }
            return (n, nil)
        }
        for batch in [1, 16, 4096] {
            let prefetched = drain(PrefetchingSource(try TraceFile.open(path), batchSize: batch))
            XCTAssertEqual(prefetched.0, direct.0, "batches of \(batch)")
            XCTAssertEqual(prefetched.1, direct.1, "batches of \(batch)")
            let inPlace = drainBatches(PrefetchingSource(try TraceFile.open(path), batchSize: batch))
            XCTAssertEqual(inPlace.0, direct.0, "nextBatch, batches of \(batch)")
            XCTAssertEqual(inPlace.1, direct.1, "nextBatch, batches of \(batch)")
        }
    }

    /// `refill` (how the reading thread fills a batch, reusing a spent one's storage) gives
    /// exactly the events `next` gives — every property, fields decoded whole or in part, bodies
    /// rendered or not — whether or not someone still holds the spent events.
    func testRefill_theSameEventsAsNext_reusingSpentBatches() throws {
        var some = TraceReadOptions()
        some.decodeOnlyFieldsOf = { _, name in name.hasPrefix("ext4_es") ? ["ino"] : nil }
        var bodies = TraceReadOptions(renderBodies: true)
        bodies.decodeFieldsOf = { _, name in !name.hasPrefix("sys_") }
        for input in ["ext4-append-fsync/trace.dat", "ext4-seq-write-4k/trace.dat", "ext4-append-fsync/trace.txt.zst"] {
            for options in [TraceReadOptions(), some, bodies] {
                let path = Fixtures.path(input)
                let reader = try TraceFile.open(path, options: options)
                var direct: [TraceEvent] = []
                while let e = try reader.next() { direct.append(e) }
                for (limit, keep) in [(1, false), (7, true), (7, false), (4096, false)] {
                    let source = try TraceFile.open(path, options: options)
                    var batch: [TraceEvent] = []
                    var events: [TraceEvent] = []
                    var kept: [[EventField]] = []
                    repeat {
                        try source.refill(&batch, limit: limit)
                        XCTAssertLessThanOrEqual(batch.count, limit)
                        events += batch
                        if keep { kept += batch.map(\.fields) }   // the next refill must not touch these
                    } while batch.count == limit
                    XCTAssertEqual(events, direct, "\(input) limit \(limit)")
                    if keep { XCTAssertEqual(kept, direct.map(\.fields), input) }
                    XCTAssertNil(try source.next(), input)
                }
            }
        }
    }

    func testStoppingEarly_letsTheReaderThreadEnd() throws {
        for _ in 0..<20 {
            let source = PrefetchingSource(try TraceFile.open(Fixtures.path("ext4-append-fsync/trace.dat")), batchSize: 4, depth: 1)
            XCTAssertNotNil(try source.next())
        }   // each source is released with its reader blocked: deinit must unblock it
    }
}

