import TraceParser
import XCTest
@testable import ReferenceFS

/// The model's mapping decisions come out as the kernel's own events (`Filesystem.emit`): the
/// same names and fields as a capture's, printable through the kernel's print formats, and on
/// real captures the same decisions as the kernel's.
final class MappingEventsTests: XCTestCase {
    /// Replays `capture` with the buffer_head model keeping its trace; returns the events it
    /// emitted and the capture's own.
    func modelAndKernel(_ capture: String) throws -> (model: [TraceEvent], kernel: [TraceEvent]) {
        let kernel = try Fixtures.events(capture)
        var fs = Filesystem(geometry: try Fixtures.geometry(capture), options: try Fixtures.options(capture))
        fs.trace = []
        fs.device = "7:1"
        var r = Replayer(filesystem: fs, path: BufferHeadPath())
        r.checksInvariants = true
        for e in kernel where ModelInput.allows(system: e.system, name: e.name) { r.consume(e) }
        return (r.fs.trace ?? [], kernel)
    }

    static let mappingNames: Set<String> = ["ext4_ext_map_blocks_exit", "ext4_allocate_blocks", "ext4_es_insert_extent",
                                            "ext4_es_insert_delayed_extent", "ext4_es_cache_extent"]

    /// `ext4trace diff` of the model against itself through text: every event the model emits
    /// prints through the bundled 6.18 print formats and reads back with the same fields, so
    /// `replay --emit-trace` output reads like a capture.
    func testEmittedEvents_printThroughTheKernelsFormats_andReadBackUnchanged() throws {
        for capture in ["ext4-punch-zero", "ext4-falloc-overwrite", "ext4-nodelalloc-random-write", "ext4-seq-write-64k"] {
            let model = try modelAndKernel(capture).model
            XCTAssertTrue(model.contains { $0.name == "ext4_ext_map_blocks_exit" }, capture)
            let renderer = FtraceTextRenderer()
            var text = ""
            for e in model {
                XCTAssertNotNil(renderer.body(e), "\(capture): \(e.name) does not fit its print format: \(e.fields)")
                text += renderer.line(e) + "\n"
            }
            let reader = TextTraceReader(source: MemoryByteSource(Array(text.utf8)), format: .ftrace, options: TraceReadOptions())
            var back: [TraceEvent] = []
            while let e = try reader.next() { back.append(e) }
            XCTAssertEqual(back.count, model.count, capture)
            for (a, b) in zip(model, back) {
                XCTAssertEqual(a.name, b.name, capture)
                for f in a.fields {
                    XCTAssertEqual(b[f.name], f.value, "\(capture): \(a.name) field \(f.name)")
                }
            }
        }
    }

    /// ext4-nodelalloc-seq-write-4k (Linux 6.18, nodelalloc): each 4 KiB write maps its block
    /// with `CREATE` in `ext4_write_begin`; the model's 256 `ext4_ext_map_blocks_exit` and
    /// `ext4_allocate_blocks` are the kernel's, in order, block for block.
    func testNodelallocSeqWrite_mapsAndAllocatesEachBlockAsTheKernelDid() throws {
        let (model, kernel) = try modelAndKernel("ext4-nodelalloc-seq-write-4k")
        func decisions(_ events: [TraceEvent], _ name: String) -> [[String]] {
            events.filter { $0.name == name && $0.inode == 12 }.map { e in
                ["flags", "lblk", "pblk", "len", "mflags", "ret", "block", "logical"].compactMap { e[$0]?.description }
            }
        }
        for name in ["ext4_ext_map_blocks_exit", "ext4_allocate_blocks"] {
            let m = decisions(model, name), k = decisions(kernel, name)
            XCTAssertGreaterThanOrEqual(k.count, 256, name)
            XCTAssertEqual(m, k, name)
        }
    }

    /// ext4-seq-write-4k (6.18, delalloc): 256 delayed blocks, one per write
    /// (`ext4_es_insert_delayed_extent [n/1)`), then one writeback mapping of all 256 as
    /// unwritten and its conversion at I/O completion, as the kernel logged them.
    func testDelallocSeqWrite_reservesEachBlockThenMapsAndConvertsOneExtent() throws {
        let (model, kernel) = try modelAndKernel("ext4-seq-write-4k")
        func lines(_ events: [TraceEvent]) -> [String] {
            events.filter { Self.mappingNames.contains($0.name) && $0.inode == 12 }
                .map { e in e.name + " " + e.fields.filter { $0.name != "dev" && $0.name != "goal" }.map { "\($0.name)=\($0.value)" }.sorted().joined(separator: " ") }
        }
        let m = lines(model), k = lines(kernel)
        XCTAssertEqual(m.filter { $0.hasPrefix("ext4_es_insert_delayed_extent") }.count, 256)
        XCTAssertEqual(m.count, k.count)
        for (i, (a, b)) in zip(m, k).enumerated() where a != b {
            XCTFail("event \(i): model \(a), kernel \(b)")
            break
        }
    }
}
