import Foundation
import XCTest

/// `diff --model` and `compare --model-b`: ReferenceFS's prediction of a capture's operations
/// against what the kernel logged, run through the built binary on real captures.
final class ModelWiringCommandTests: XCTestCase {
    func run(_ args: [String]) throws -> CLI.Result { try CLI.run(args) }

    /// `summary[kind]` as (expected, observed, agreeing).
    func scores(_ json: [String: Any], _ kind: String, file: StaticString = #filePath, line: UInt = #line) throws -> [Int] {
        let summary = try XCTUnwrap(json["summary"] as? [String: Any], file: file, line: line)
        let s = try XCTUnwrap(summary[kind] as? [String: Any], "no \(kind) in \(summary)", file: file, line: line)
        return ["expected", "observed", "agreeing"].map { s[$0] as? Int ?? -1 }
    }

    /// ext4-append-fsync (ten appends, each fsynced, dioread_nolock): the kernel logged 23
    /// jbd2_handle_stats and 11 jbd2_run_stats; the buffer_head model predicts every one with
    /// the same type, requested and dirtied blocks, and every commit's handle count, blocks
    /// and blocks logged.
    func testDiffModelBufferHead_agreesOnEveryHandleAndCommitOfAppendFsync() throws {
        let r = try run(["diff", "fixtures/ext4-append-fsync/trace.txt.zst", "--model", "buffer_head", "--format", "json"])
        XCTAssertEqual(r.status, 0, r.err + r.out)
        let j = try CLI.json(r.out)
        XCTAssertEqual(try scores(j, "handle"), [23, 23, 23])
        XCTAssertEqual(try scores(j, "commit"), [11, 11, 11])
        XCTAssertEqual((j["discrepancies"] as? [Any])?.count, 0)
        // What the model does not predict is counted, not listed: the kernel's own figures.
        XCTAssertEqual(try scores(j, "map_blocks"), [0, 20, 0])
        XCTAssertEqual(try scores(j, "extent_status"), [0, 36, 0])
        XCTAssertEqual(try scores(j, "allocation"), [0, 9, 0])
        let summary = try XCTUnwrap(j["summary"] as? [String: [String: Any]])
        XCTAssertEqual(summary["map_blocks"]?["predicted"] as? Bool, false)
        XCTAssertEqual(summary["handle"]?["predicted"] as? Bool, true)
    }

    func testDiffModelAuto_picksBufferHeadAndAgreesOnEveryHandleAndCommit() throws {
        let exact = [("ext4-seq-write-4k", 5, 2), ("ext4-truncate", 15, 5), ("ext4-many-small-files", 97, 25),
                     ("ext4-journal-seq-write-4k", 260, 3), ("ext4-bigalloc-random-write", 15, 2),
                     ("ext4-1kblock-seq-write-4k", 5, 2)]
        for (capture, handles, commits) in exact {
            let text = try run(["diff", "fixtures/\(capture)/trace.txt.zst", "--model", "auto"])
            XCTAssertEqual(text.status, 0, capture + text.err)
            XCTAssertTrue(text.out.hasPrefix("expected: model:buffer_head\n"), text.out)
            let r = try run(["diff", "fixtures/\(capture)/trace.txt.zst", "--model", "auto", "--format", "json"])
            let j = try CLI.json(r.out)
            XCTAssertEqual(try scores(j, "handle"), [handles, handles, handles], capture)
            XCTAssertEqual(try scores(j, "commit"), [commits, commits, commits], capture)
        }
    }

    /// ext4-falloc-overwrite: handles and commits agree in number by type (FidelityTests), but
    /// the diff also compares dirtied blocks: two writeback handles and their two conversions
    /// first dirty blocks the model's transaction already holds (the fallocate's).
    func testDiffModelBufferHead_namesEachDifferingHandleOfFallocOverwrite() throws {
        let r = try run(["diff", "fixtures/ext4-falloc-overwrite/trace.txt.zst", "--model", "buffer_head"])
        XCTAssertEqual(r.status, 1, r.err)
        XCTAssertTrue(r.out.contains("\nhandle               12        12         8          0.667\n"), r.out)
        XCTAssertTrue(r.out.contains("\ncommit                3         3         3              1\n"), r.out)
        XCTAssertTrue(r.out.contains("\nmap_blocks            0        11         0  not predicted\n"), r.out)
        XCTAssertTrue(r.out.contains("\n4 discrepancies\n"), r.out)
        XCTAssertTrue(r.out.contains("line 259: handle differs, ino 12, type WRITE_PAGE: expected requested_blocks 31 dirtied_blocks 0, observed requested_blocks 31 dirtied_blocks 3\n"), r.out)
        XCTAssertTrue(r.out.contains("line 316: handle differs, ino 12, type EXT_CONVERT: expected requested_blocks 18 dirtied_blocks 3, observed requested_blocks 18 dirtied_blocks 0\n"), r.out)
    }

    /// ext4-mmap-write: stores through a shared mapping reach ext4 through ext4_page_mkwrite,
    /// which has no tracepoint, so the model predicts no writeback: the kernel's two write_page
    /// and two conversion handles are unexpected, the commit holding them differs, and the
    /// file's two extents in extents.txt are extents the model never made.
    func testDiffModel_reportsTheMmapWritesTheModelCannotSee() throws {
        let r = try run(["diff", "fixtures/ext4-mmap-write/trace.txt.zst", "--model", "buffer_head", "--format", "json"])
        XCTAssertEqual(r.status, 1, r.err)
        let j = try CLI.json(r.out)
        XCTAssertEqual(try scores(j, "handle"), [7, 9, 5])
        XCTAssertEqual(try scores(j, "commit"), [2, 2, 1])
        let discrepancies = try XCTUnwrap(j["discrepancies"] as? [[String: Any]])
        let unexpected = discrepancies.filter { $0["problem"] as? String == "unexpected" }
        XCTAssertEqual(unexpected.compactMap { $0["key"] as? String },
                       ["type WRITE_PAGE", "type WRITE_PAGE", "type EXT_CONVERT", "type EXT_CONVERT", "lblk 0", "lblk 32"])
        XCTAssertEqual(unexpected.compactMap { $0["line"] as? Int }, [357, 379, 397, 409, 3, 4])
        XCTAssertEqual(unexpected.compactMap { $0["ino"] as? Int }, [12, 12, 12, 12, 12, 12])
        XCTAssertEqual(try scores(j, "final_extents"), [0, 2, 0])
        let commit = try XCTUnwrap(discrepancies.first { $0["kind"] as? String == "commit" })
        XCTAssertEqual(commit["expected"] as? String, "handle_count 7 blocks 5 blocks_logged 7")
        XCTAssertEqual(commit["observed"] as? String, "handle_count 9 blocks 6 blocks_logged 8")
        XCTAssertEqual(commit["line"] as? Int, 442)
        for d in discrepancies {
            XCTAssertEqual(Set(d.keys).isSuperset(of: ["kind", "ino", "lblk", "expected", "observed"]), true, "\(d)")
        }
    }

    /// --mount-options reaches the model, and trace.dat input names records: ext4-seq-write-4k
    /// replayed as if mounted dioread_lock predicts no conversion, so the kernel's one
    /// EXT_CONVERT handle (record 2682, `ext4trace events trace.dat` numbering) is unexpected and
    /// the commit holding it has one handle more than predicted.
    func testDiffModel_mountOptionsReachTheModelAndTraceDatNamesRecords() throws {
        let r = try run(["diff", "fixtures/ext4-seq-write-4k/trace.dat", "--model", "buffer_head",
                         "--mount-options", "dioread_lock", "--format", "json"])
        XCTAssertEqual(r.status, 1, r.err)
        let j = try CLI.json(r.out)
        XCTAssertEqual(try scores(j, "handle"), [4, 5, 4])
        let discrepancies = try XCTUnwrap(j["discrepancies"] as? [[String: Any]])
        let convert = try XCTUnwrap(discrepancies.first { $0["key"] as? String == "type EXT_CONVERT" })
        XCTAssertEqual(convert["problem"] as? String, "unexpected")
        XCTAssertEqual(convert["record"] as? Int, 2682)
        XCTAssertNil(convert["line"])
        let commit = try XCTUnwrap(discrepancies.first { $0["kind"] as? String == "commit" })
        XCTAssertEqual(commit["expected"] as? String, "handle_count 4 blocks 6 blocks_logged 8")
        XCTAssertEqual(commit["observed"] as? String, "handle_count 5 blocks 6 blocks_logged 8")
        // The capture's own mount (meta.json: default, dioread_nolock) agrees throughout.
        let own = try run(["diff", "fixtures/ext4-seq-write-4k/trace.dat", "--model", "buffer_head"])
        XCTAssertEqual(own.status, 0, own.err + own.out)
    }

    /// An XFS capture's geometry is not dumpe2fs output: one line, exit status 2.
    func testDiffModel_onXFSFailsWithOneLine() throws {
        let r = try run(["diff", "fixtures/xfs-seq-write-1k/trace.txt.zst", "--model", "auto"])
        XCTAssertEqual(r.status, 2)
        XCTAssertEqual(r.out, "")
        XCTAssertEqual(r.err, "ext4trace: fixtures/xfs-seq-write-1k/geometry.txt: no \"Block size:\" line (is this dumpe2fs -h output?)\n")
    }

    /// The iomap model on a buffer_head capture: its 257 mapping calls (one per 4 KiB write and
    /// one writeback range) are all missing from a kernel without the series.
    func testDiffModelIomap_onABufferHeadCaptureMissesEveryIomapCall() throws {
        let r = try run(["diff", "fixtures/ext4-seq-write-4k/trace.txt.zst", "--model", "iomap", "--format", "json"])
        XCTAssertEqual(r.status, 1, r.err)
        let j = try CLI.json(r.out)
        XCTAssertEqual(try scores(j, "iomap_mapping"), [257, 0, 0])
        let missing = (j["discrepancies"] as? [[String: Any]] ?? []).filter { $0["problem"] as? String == "missing" }
        XCTAssertEqual(missing.filter { $0["kind"] as? String == "iomap_mapping" }.count, 257)
        // A missing decision has no observed line, only its place in the prediction.
        XCTAssertNil(missing.first?["line"])
        XCTAssertNotNil(missing.first?["expected_record"])      // its place in the model's event stream
    }

    /// 256 pwrite64 of 4 KiB: iomap maps once per write, where the captured buffer_head path
    /// made 4 map_blocks calls in all and 2 extent-status lookups per write.
    func testCompareModelBIomap_mapsOncePerWrite() throws {
        let r = try run(["compare", "fixtures/ext4-seq-write-4k/trace.txt.zst", "--model-b", "iomap"])
        XCTAssertEqual(r.status, 0, r.err)
        func row(_ name: String) -> [Substring] {
            let line = r.out.split(separator: "\n").first { $0.hasPrefix(name + "  ") } ?? ""
            return Array(line.split(separator: " ").suffix(3))
        }
        XCTAssertTrue(r.out.contains("B: model:iomap (fixtures/ext4-seq-write-4k/trace.txt.zst)"), r.out)
        XCTAssertEqual(row("writes (pwrite64)"), ["256", "256", "1"])
        XCTAssertEqual(row("iomap_begin per write"), ["0", "1", "-"])
        XCTAssertEqual(row("es lookups per write"), ["2", "0", "0"])
        XCTAssertEqual(row("map_blocks (all contexts)"), ["4", "0", "0"])
        XCTAssertEqual(row("jbd2 commits"), ["2", "2", "1"])
        XCTAssertEqual(row("  EXT_CONVERT credits per handle"), ["18", "31", "1.72"])
    }

    func testCompareModelBDelaymap_takesNoConversionHandle() throws {
        let r = try run(["compare", "fixtures/ext4-seq-write-4k/trace.txt.zst", "--model-b", "delaymap", "--format", "json"])
        XCTAssertEqual(r.status, 0, r.err)
        let j = try CLI.json(r.out)
        let rows = try XCTUnwrap(j["rows"] as? [[String: Any]], r.out)
        func ab(_ key: String) -> [Double?] {
            let row = rows.first { $0["key"] as? String == key }
            return [row?["a"] as? Double, row?["b"] as? Double]
        }
        XCTAssertEqual(ab("ext_convert_handles"), [1, 0])          // the capture converted once
        XCTAssertEqual(ab("journal_handles"), [5, 4])
        XCTAssertEqual(ab("iomap_begin_per_write"), [0, 1])
        // One extent-insertion handle at I/O completion instead of writeback + conversion.
        XCTAssertEqual(ab("handles.MAP_BLOCKS"), [nil, 1])
    }
}
