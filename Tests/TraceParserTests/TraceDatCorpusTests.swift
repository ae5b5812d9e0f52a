import XCTest
@testable import TraceParser

/// Every trace.dat fixture read natively equals trace-cmd's own reading (event counts from
/// `report.txt`) and the kernel's own text of the same capture (`trace.txt`: timestamps, CPUs,
/// pids, comms and every field value). There are no exceptions on this corpus: the one kind
/// that needed the kernel's HZ (`jiffies_to_msecs` in jbd2_run_stats and
/// jbd2_checkpoint_stats) finds it in the file's writeback formats (`KernelHZ`).
final class TraceDatCorpusTests: XCTestCase {
    /// (capture, file, what it exercises)
    static let datFixtures: [(capture: String, file: String, kind: String)] = [
        ("ext4-append-fsync", "trace.dat", "v7 zstd"),
        ("ext4-append-fsync", "trace.v7-uncompressed.dat.zst", "v7 uncompressed"),
        ("ext4-seq-write-4k", "trace.dat", "v7 zstd"),
        ("ext4-seq-write-4k", "trace.v6.dat.zst", "v6"),
        ("ext4-dio-write", "trace.dat", "v7 zstd, iomap direct I/O, %ps of a data address"),
        ("xfs-seq-write-1k", "trace.dat", "v7 zstd, iomap buffered I/O"),
        ("ext4-seq-write-1m", "trace.dat", "v7 zstd, 25028 events over many pages"),
        ("ext4-journal-seq-write-4k", "trace.dat", "v7 zstd, data=journal"),
    ]

    /// Values the kernel computes at print time from state that is not in the record:
    /// `age=%u` of `writeback_single_inode` is `(jiffies - REC->dirtied_when) * 1000 / HZ`,
    /// with the kernel's `jiffies` of the moment it printed. A reader of the file has no value
    /// for it, so the event carries no `age` field.
    static let notInRecord: [String: Set<String>] = [
        "writeback_single_inode": ["age"],
    ]

    func testEveryDatFixture_perEventCountsEqualTraceCmdReport() throws {
        for f in Self.datFixtures {
            let dat = try DatFixtures.materialize(f.capture, f.file)
            let datCounts = try counts(dat)
            let reportCounts = try counts(DatFixtures.path(f.capture, "report.txt.zst"))
            XCTAssertFalse(datCounts.isEmpty, "\(f.capture)/\(f.file)")
            XCTAssertEqual(datCounts, reportCounts, "\(f.capture)/\(f.file) (\(f.kind))")
        }
    }

    func testEveryDatFixture_eventsEqualKernelText() throws {
        for f in Self.datFixtures {
            let dat = try DatFixtures.events(try DatFixtures.materialize(f.capture, f.file))
            let text = try DatFixtures.events(DatFixtures.path(f.capture, "trace.txt.zst"))
            XCTAssertEqual(dat.count, text.count, "\(f.capture)/\(f.file)")
            var compared = 0
            for (i, (d, t)) in zip(dat, text).enumerated() {
                let at = "\(f.capture)/\(f.file) record \(i) (\(t.name), text \(t.position))"
                XCTAssertEqual(d.name, t.name, at)
                XCTAssertEqual(d.system, t.system, at)
                XCTAssertEqual(d.cpu, t.cpu, at)
                XCTAssertEqual(d.pid, t.pid, at)
                XCTAssertEqual(d.comm, t.comm, at)
                XCTAssertEqual(d.position, .record(i), at)
                // The kernel prints microseconds rounded to nearest (`ns2usecs` adds 500).
                XCTAssertEqual((d.timestampNs + 500) / 1000, t.timestampNs / 1000, at)
                let df = Dictionary(d.fields.map { ($0.name, $0.value) }, uniquingKeysWith: { a, _ in a })
                let tf = Dictionary(t.fields.map { ($0.name, $0.value) }, uniquingKeysWith: { a, _ in a })
                let absent = Self.notInRecord[d.name] ?? []
                XCTAssertEqual(Set(df.keys), Set(tf.keys).subtracting(absent), at)
                for (name, value) in tf where !absent.contains(name) {
                    XCTAssertEqual(df[name], value, "\(at) field \(name)")
                }
                if d.name != t.name { break }
                compared += 1
            }
            XCTAssertEqual(compared, text.count, "\(f.capture)/\(f.file)")
            XCTAssertGreaterThan(compared, 400, "\(f.capture)/\(f.file)")
        }
    }

    func testInstanceBuffer_namesTheEventsInstanceAndCPUsComeFromTheFile() throws {
        let source = try TraceFile.open(DatFixtures.path("ext4-append-fsync", "trace.dat"))
        XCTAssertEqual(source.inputFormat, .traceDat)
        let first = try XCTUnwrap(try source.next())
        XCTAssertEqual(first.instance, "corpus")
        XCTAssertEqual(first.timestampNs, 2027_500_453_514)
        XCTAssertEqual(first.name, "sys_enter_pread64")
        XCTAssertEqual(source.diagnostics.cpus, 2)
        XCTAssertEqual(source.diagnostics.lostEvents, 0)
        // Version 6 names its instance buffers in a BUFFER option too.
        let v6 = try TraceFile.open(try DatFixtures.materialize("ext4-seq-write-4k", "trace.v6.dat.zst"))
        XCTAssertEqual(try v6.next()?.instance, "corpus")
        XCTAssertEqual(v6.diagnostics.cpus, 2)
    }

    func testKernelHZ_isReadFromTheWritebackFormat_andScalesJbd2Times() throws {
        let file = try TraceDatFile(path: DatFixtures.path("ext4-seq-write-1m", "trace.dat"))
        XCTAssertEqual(KernelHZ.find(in: try TraceDatMetadata.read(file).formats), 250)
        let events = try DatFixtures.events(DatFixtures.path("ext4-seq-write-1m", "trace.dat"))
        let run = try XCTUnwrap(events.first { $0.name == "jbd2_run_stats" })
        XCTAssertEqual(run["running"], .uint(20))       // 5 jiffies at HZ=250, as the kernel printed
        XCTAssertEqual(run["logging"], .uint(8))
    }

    func testMarkInodeDirty_callerIsSymbolisedLikeTheKernel() throws {
        let events = try DatFixtures.events(DatFixtures.path("ext4-append-fsync", "trace.dat"))
        let dirty = try XCTUnwrap(events.first { $0.name == "ext4_mark_inode_dirty" })
        XCTAssertEqual(dirty["ip"], .string("__ext4_new_inode+0x18d0/0x1a20"))
    }

    /// A reader asked for some fields of an event (`decodeOnlyFieldsOf`) loads kallsyms only
    /// when one of those fields prints a symbol (`ext4_mark_inode_dirty`'s `ip`, `%pS`).
    func testOnlySomeFields_loadKallsymsOnlyForASymbolAskedFor() throws {
        let path = DatFixtures.path("ext4-append-fsync", "trace.dat")
        for (only, symbolised) in [(Set(["ino"]), false), (Set(["ino", "ip"]), true)] {
            var options = TraceReadOptions()
            options.decodeOnlyFieldsOf = { _, name in name == "ext4_mark_inode_dirty" ? only : ["dev", "ino"] }
            let reader = try TraceDatReader(path: path, options: options)
            var dirty: TraceEvent?
            while dirty == nil, let e = try reader.next() { if e.name == "ext4_mark_inode_dirty" { dirty = e } }
            let e = try XCTUnwrap(dirty)
            XCTAssertEqual(e.fields.map(\.name), symbolised ? ["ino", "ip"] : ["ino"])
            XCTAssertEqual(reader.symbols != nil, symbolised)
            if symbolised { XCTAssertEqual(e["ip"], .string("__ext4_new_inode+0x18d0/0x1a20")) }
        }
    }

    func testStatsMode_skipsFieldsButKeepsNamesAndTimes() throws {
        let path = DatFixtures.path("ext4-seq-write-4k", "trace.dat")
        let bare = try DatFixtures.events(path, options: TraceReadOptions(decodeFields: false))
        let full = try DatFixtures.events(path)
        XCTAssertEqual(bare.count, full.count)
        XCTAssertTrue(bare.allSatisfy { $0.fields.isEmpty })
        XCTAssertEqual(bare.map(\.timestampNs), full.map(\.timestampNs))
        XCTAssertEqual(bare.map(\.name), full.map(\.name))
    }

    private func counts(_ path: String) throws -> [String: Int] {
        let source = try TraceFile.open(path, options: TraceReadOptions(decodeFields: false))
        var c: [String: Int] = [:]
        while let e = try source.next() { c[e.name, default: 0] += 1 }
        return c
    }
}
