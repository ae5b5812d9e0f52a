import Foundation
import TestSupport
import TraceParser
import XCTest

/// fixtures/iomap/: each workload recorded on the series' 7.3 kernel without and with
/// `buffered_iomap`. Every line of every capture is an event, nothing was lost, and each side
/// took the path its mount options say — except data=journal, where ext4 stays on buffer_head.
final class IomapCorpusTests: XCTestCase {
    let root = Fixtures.path("iomap")

    var workloads: [String] {
        Fixtures.listing("iomap").filter { FileManager.default.fileExists(atPath: "\(root)/\($0)/bh/workload.txt") }
    }

    /// Event counts by name of one capture, with its diagnostics checked.
    func counts(_ capture: String, file: StaticString = #filePath, line: UInt = #line) throws -> [String: Int] {
        let source = try TraceFile.open("\(root)/\(capture)/trace.txt.zst", options: TraceReadOptions(decodeFields: false))
        let summary = try source.summarize(progress: { _ in })
        XCTAssertEqual(summary.diagnostics.unparsedLines, 0, capture, file: file, line: line)
        XCTAssertEqual(summary.diagnostics.lostEvents, 0, capture, file: file, line: line)
        return summary.countsByName
    }

    func testCorpus_holdsEveryWorkloadOfItsReadmeInBothModes() {
        XCTAssertEqual(workloads.count, 19)
        for w in workloads {
            for mode in ["bh", "iomap"] {
                for file in ["trace.txt.zst", "meta.json", "extents.txt", "geometry.txt", "workload.txt", "formats/ext4/ext4_iomap_buffered_write_begin/format"] {
                    XCTAssertTrue(FileManager.default.fileExists(atPath: "\(root)/\(w)/\(mode)/\(file)"), "\(w)/\(mode)/\(file)")
                }
            }
        }
    }

    func testMetaJSON_namesTheGuestKernelAndTheMountOptions() throws {
        for w in workloads {
            for mode in ["bh", "iomap"] {
                let data = try Data(contentsOf: URL(fileURLWithPath: "\(root)/\(w)/\(mode)/meta.json"))
                let meta = try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
                XCTAssertEqual(meta["kernel"] as? String, "7.3.0-rc7+", w)
                let options = (meta["mount_opts"] as? String ?? "").split(separator: ",")
                XCTAssertEqual(options.contains("buffered_iomap"), mode == "iomap", "\(w)/\(mode): \(options)")
            }
        }
    }

    func testBufferHeadSide_neverEntersTheSeriesIomapPath() throws {
        for w in workloads {
            let c = try counts("\(w)/bh")
            let iomapEvents = c.filter { $0.key.hasPrefix("ext4_iomap_") }
            XCTAssertEqual(iomapEvents, [:], w)
        }
    }

    func testIomapSide_writesThroughIomap_exceptDataJournal() throws {
        for w in workloads where w != "mmap-write" {
            let bh = try counts("\(w)/bh"), iomap = try counts("\(w)/iomap")
            let bhWrites = bh["ext4_da_write_begin", default: 0] + bh["ext4_write_begin", default: 0]
            if w.hasPrefix("journal-") {
                XCTAssertNil(iomap["ext4_iomap_buffered_write_begin"], "data=journal falls back to buffer_head")
                XCTAssertEqual(iomap["ext4_journalled_write_end"], bh["ext4_journalled_write_end"])
                continue
            }
            XCTAssertNil(iomap["ext4_da_write_begin"], w)
            XCTAssertNil(iomap["ext4_write_begin"], w)
            // buffer_head begins a write per folio; iomap once per mapping per write() call.
            XCTAssertLessThanOrEqual(iomap["ext4_iomap_buffered_write_begin", default: 0], bhWrites, w)
            XCTAssertGreaterThan(iomap["ext4_iomap_buffered_write_begin", default: 0], 0, w)
            XCTAssertGreaterThan(iomap["ext4_iomap_map_writeback_range", default: 0], 0, w)
        }
    }

    /// The numbers the README's table quotes.
    func testSequentialWrites_iomapBeginsOncePerWriteCall_bufferHeadOncePerPage() throws {
        XCTAssertEqual(try counts("seq-write-4k/iomap")["ext4_iomap_buffered_write_begin"], 256)
        XCTAssertEqual(try counts("seq-write-64k/iomap")["ext4_iomap_buffered_write_begin"], 16)
        XCTAssertEqual(try counts("seq-write-64k/bh")["ext4_da_write_begin"], 256)
        XCTAssertEqual(try counts("seq-write-10m/iomap")["ext4_iomap_buffered_write_begin"], 10)
        XCTAssertEqual(try counts("seq-write-10m/bh")["ext4_da_write_begin"], 2560)
        XCTAssertEqual(try counts("seq-write-1k/iomap")["ext4_iomap_buffered_write_begin"], 256)
    }

    func testReadAfterDrop_readsThroughIomapOnlyWithBufferedIomap() throws {
        XCTAssertGreaterThan(try counts("read-after-drop/iomap")["ext4_iomap_buffered_read_begin", default: 0], 0)
        XCTAssertGreaterThan(try counts("read-after-drop/iomap")["sys_enter_pread64", default: 0], 0)
        XCTAssertNil(try counts("read-after-drop/bh")["ext4_iomap_buffered_read_begin"])
    }
}
