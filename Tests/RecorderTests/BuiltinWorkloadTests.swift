import XCTest
@testable import Recorder

final class BuiltinWorkloadTests: XCTestCase {
    func testSequentialSpec_writesBlocksBackToBackAndFsyncsOnceAtEnd() throws {
        let w = try BuiltinWorkload(parsing: "builtin:seq-write:bs=4k,total=64k")
        XCTAssertEqual(w.pattern, .sequential)
        XCTAssertEqual(w.blockSize, 4096)
        XCTAssertEqual(w.writeCount, 16)
        let writes = w.writes()
        XCTAssertEqual(writes.map(\.offset), (0..<16).map { Int64($0) * 4096 })
        XCTAssertTrue(writes.allSatisfy { $0.length == 4096 })
        XCTAssertEqual((0..<16).filter { w.fsyncAfter(write: $0) }, [15])
    }

    func testDefaults_areOneMebibyteOf4kWritesToFileA() throws {
        let w = try BuiltinWorkload(parsing: "builtin:seq-write")
        XCTAssertEqual(w.totalBytes, 1 << 20)
        XCTAssertEqual(w.blockSize, 4096)
        XCTAssertEqual(w.fileName, "a")
        XCTAssertEqual(w.fsync, .atEnd)
    }

    func testAppendWithFsyncEveryWrite_lastWriteIsShortWhenBlockDoesNotDivideTotal() throws {
        let w = try BuiltinWorkload(parsing: "builtin:append:bs=6k,total=40k,fsync=1,file=log")
        XCTAssertEqual(w.writeCount, 7)
        let writes = w.writes()
        XCTAssertEqual(writes.last?.offset, 36864)
        XCTAssertEqual(writes.last?.length, 4096)
        XCTAssertEqual(writes.reduce(0) { $0 + $1.length }, 40 << 10)
        XCTAssertEqual((0..<7).filter { w.fsyncAfter(write: $0) }, Array(0..<7))
        XCTAssertEqual(w.fileName, "log")
    }

    func testFsyncEveryThree_alsoSyncsAfterTheLastWrite() throws {
        let w = try BuiltinWorkload(parsing: "builtin:seq:bs=1k,total=8k,fsync=3")
        XCTAssertEqual((0..<8).filter { w.fsyncAfter(write: $0) }, [2, 5, 7])
    }

    func testRandomWrite_visitsDistinctAlignedBlocksInsideTheRegion_sameForSameSeed() throws {
        let w = try BuiltinWorkload(parsing: "builtin:random-write:bs=4k,total=256k,size=4m,seed=7")
        let writes = w.writes()
        XCTAssertEqual(writes.count, 64)
        XCTAssertEqual(Set(writes.map(\.offset)).count, 64, "no block written twice")
        XCTAssertTrue(writes.allSatisfy { $0.offset % 4096 == 0 && $0.offset + 4096 <= 4 << 20 })
        XCTAssertNotEqual(writes.map(\.offset), writes.map(\.offset).sorted(), "shuffled, not sequential")
        XCTAssertEqual(writes.map(\.offset), try BuiltinWorkload(parsing: "builtin:random-write:bs=4k,total=256k,size=4m,seed=7").writes().map(\.offset))
        XCTAssertNotEqual(writes.map(\.offset), try BuiltinWorkload(parsing: "builtin:random-write:bs=4k,total=256k,size=4m,seed=8").writes().map(\.offset))
    }

    func testBadSpecs_areUsageErrorsNamingTheProblem() {
        let cases: [(String, String)] = [
            ("builtin:scribble", "unknown kind"),
            ("builtin:seq-write:bs=0", "bad bs"),
            ("builtin:seq-write:bs=4q", "bad bs"),
            ("builtin:seq-write:total", "expected key=value"),
            ("builtin:seq-write:colour=red", "unknown key"),
            ("builtin:seq-write:file=../etc/passwd", "plain name"),
            ("builtin:seq-write:fsync=sometimes", "fsync must be"),
            ("builtin:random-write:bs=4k,total=1m,size=64k", "does not fit"),
        ]
        for (spec, expected) in cases {
            XCTAssertThrowsError(try BuiltinWorkload(parsing: spec), spec) { error in
                guard let e = error as? RecorderError else { return XCTFail("\(spec): \(error)") }
                XCTAssertEqual(e.kind, .usage, spec)
                XCTAssertTrue(e.description.contains(expected), "\(spec): \(e.description)")
            }
        }
    }

    func testByteSizes_acceptSuffixesInPowersOf1024() {
        XCTAssertEqual(ByteSize.parse("4096"), 4096)
        XCTAssertEqual(ByteSize.parse("4k"), 4096)
        XCTAssertEqual(ByteSize.parse("512M"), 512 << 20)
        XCTAssertEqual(ByteSize.parse("2g"), 2 << 30)
        XCTAssertNil(ByteSize.parse("k"))
        XCTAssertNil(ByteSize.parse("-1k"))
        XCTAssertNil(ByteSize.parse("99999999999999999999t"))
    }

    func testRunningTheWorkload_leavesAFileOfTheTotalSize() throws {
        let dir = NSTemporaryDirectory() + "ext4trace-builtin-\(getpid())"
        mkdir(dir, 0o755)
        defer { unlink(dir + "/a"); rmdir(dir) }
        let w = try BuiltinWorkload(parsing: "builtin:random-write:bs=4k,total=32k,size=64k")
        try w.run(in: dir) { false }
        let data = try Data(contentsOf: URL(fileURLWithPath: dir + "/a"))
        XCTAssertLessThanOrEqual(data.count, 64 << 10)
        XCTAssertEqual(data.filter { $0 == 0xCD }.count, 32 << 10, "8 distinct 4 KiB blocks of xfs_io's 0xcd pattern")
        XCTAssertEqual(data.count % 4096, 0)
    }

    func testStopRequest_endsTheWorkloadWithAnInterruptedError() throws {
        let dir = NSTemporaryDirectory() + "ext4trace-builtin-stop-\(getpid())"
        mkdir(dir, 0o755)
        defer { unlink(dir + "/a"); rmdir(dir) }
        let w = try BuiltinWorkload(parsing: "builtin:seq-write:bs=4k,total=64k")
        XCTAssertThrowsError(try w.run(in: dir) { true }) { error in
            XCTAssertEqual((error as? RecorderError)?.kind, .interrupted)
        }
    }
}
