import Analyzer
import Foundation
import XCTest

/// `fixtures/fio/`: real fio 3.33 JSON of `jobs.fio` on ext4 (/tmp) and tmpfs (/dev/shm).
final class FioTests: XCTestCase {
    func run(_ name: String) throws -> FioRun { try FioRun.load(Captures.root + "/fio/\(name).json") }

    func testFioJSON_givesEachJobsKindBlockSizeAndBandwidth() throws {
        let ext4 = try run("ext4-tmp")
        XCTAssertEqual(ext4.name, "ext4-tmp")
        XCTAssertEqual(ext4.results.count, 8)
        let write4k = try XCTUnwrap(ext4.results.first { $0.kind == "write" && $0.blockSize == 4096 })
        // "write": {"bw_bytes": 169450291, ...} in the job "write-4k".
        let raw = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: Captures.root + "/fio/ext4-tmp.json"))) as? [String: Any]
        let job = try XCTUnwrap((raw?["jobs"] as? [[String: Any]])?.first { $0["jobname"] as? String == "write-4k" })
        let bw = try XCTUnwrap((job["write"] as? [String: Any])?["bw_bytes"] as? NSNumber).doubleValue
        XCTAssertEqual(write4k.bandwidthBytesPerSecond, bw)
        XCTAssertEqual(write4k.jobs, 1)
    }

    func testTable_hasOneSectionPerKindAndOneRowPerBlockSize() throws {
        let table = FioTable(runs: [try run("ext4-tmp"), try run("tmpfs-shm")])
        XCTAssertEqual(table.runs, ["ext4-tmp", "tmpfs-shm"])
        XCTAssertEqual(table.sections.map(\.kind), ["write", "read", "randwrite"])
        XCTAssertEqual(table.sections[0].rows.map(\.blockSize), [4096, 65536, 1 << 20])
        XCTAssertEqual(table.sections[2].rows.map(\.blockSize), [4096, 65536])
        let text = table.text()
        XCTAssertTrue(text.contains("tmpfs-shm/ext4-tmp"))
        for row in table.sections.flatMap(\.rows) { XCTAssertEqual(row.mebibytesPerSecond.compactMap { $0 }.count, 2) }
        // Ratio column = second run / first, as printed.
        let r = table.sections[0].rows[0]
        let ratio = try XCTUnwrap(r.mebibytesPerSecond[1]) / XCTUnwrap(r.mebibytesPerSecond[0])
        XCTAssertTrue(text.split(separator: "\n")[2].hasSuffix(formatDecimalForTest(ratio)))
    }

    func testSizes_parseLikeFio() {
        XCTAssertEqual(FioRun.parseSize("4k"), 4096)
        XCTAssertEqual(FioRun.parseSize("64K"), 65536)
        XCTAssertEqual(FioRun.parseSize("1m"), 1 << 20)
        XCTAssertEqual(FioRun.parseSize("1MiB"), 1 << 20)
        XCTAssertEqual(FioRun.parseSize("512"), 512)
        XCTAssertNil(FioRun.parseSize("big"))
        XCTAssertEqual(FioTable.sizeLabel(1 << 20), "1m")
    }

    func testNotFioOutput_isAnErrorNamingTheFile() {
        XCTAssertThrowsError(try FioRun.parse(Data("{\"x\": 1}".utf8), name: "x", file: "x.json")) { error in
            XCTAssertEqual("\(error)", "x.json: no \"jobs\" array: not fio --output-format=json output")
        }
    }

    private func formatDecimalForTest(_ v: Double) -> String {
        // Two decimals, trailing zeros dropped, as the table prints.
        var s = String(format: "%.2f", v)
        while s.hasSuffix("0") { s.removeLast() }
        if s.hasSuffix(".") { s.removeLast() }
        return s
    }
}
