import TestSupport
@testable import TraceParser
import XCTest

/// Every line shape the text reader accepts, one real sample each (taken from the corpus or
/// from the kernel's and trace-cmd's documented output).
final class TextLineShapesTests: XCTestCase {
    func read(_ text: String, format: InputFormat? = nil) throws -> ([TraceEvent], TraceDiagnostics) {
        let path = temporaryFile(text)
        return try Fixtures.events(path, options: TraceReadOptions(inputFormat: format))
    }

    func testKernelLine_withFlagsColumn() throws {
        let (events, d) = try read("          xfs_io-3447    [000] .....  2025.836836: ext4_ext_map_blocks_exit: dev 7,1 ino 2 flags CREATE|UNWRIT lblk 0 pblk 8481 len 1 mflags NMU ret 1\n")
        XCTAssertEqual(d.unparsedLines, 0)
        let e = try XCTUnwrap(events.first)
        XCTAssertEqual(e.comm, "xfs_io"); XCTAssertEqual(e.pid, 3447); XCTAssertEqual(e.cpu, 0)
        XCTAssertEqual(e.timestampNs, 2025_836_836_000)
        XCTAssertEqual(e.system, "ext4"); XCTAssertEqual(e.name, "ext4_ext_map_blocks_exit")
        XCTAssertEqual(e.fields, [EventField("dev", .string("7:1")), EventField("ino", .uint(2)),
                                  EventField("flags", .string("CREATE|UNWRIT")), EventField("lblk", .uint(0)),
                                  EventField("pblk", .uint(8481)), EventField("len", .uint(1)),
                                  EventField("mflags", .string("NMU")), EventField("ret", .int(1))])
    }

    func testKernelLine_withoutFlagsColumn_andEmptyFlags() throws {
        let (events, _) = try read("          xfs_io-3447    [001]  2025.836832: ext4_ext_map_blocks_enter: dev 7,1 ino 2 lblk 0 len 1 flags \n")
        XCTAssertEqual(events.first?["flags"], .string(""))
        XCTAssertEqual(events.first?["len"], .uint(1))
    }

    func testKernelLine_withTgidColumn() throws {
        let (events, _) = try read("          xfs_io-3447    (   3440) [001] .....  2025.836832: ext4_sync_fs: dev 7,1 wait 1\n")
        XCTAssertEqual(events.first?.tgid, 3440)
        XCTAssertEqual(events.first?.pid, 3447)
        let (unknown, _) = try read("          <idle>-0       (-------) [001] d.h1.  2025.836832: ext4_sync_fs: dev 7,1 wait 1\n")
        XCTAssertEqual(unknown.first?.comm, "<idle>")
        XCTAssertNil(unknown.first?.tgid)
    }

    func testCommNames_withSpacesDashesSlashesAndColons() throws {
        let text = """
         kworker/u8:3-1234    [001] .....  1.000001: ext4_sync_fs: dev 7,1 wait 1
         my task-name-99    [000] .....  1.000002: ext4_sync_fs: dev 7,1 wait 0
          a: b [1] c-77    [000] .....  1.000003: ext4_sync_fs: dev 7,1 wait 0

        """
        let (events, d) = try read(text)
        XCTAssertEqual(d.unparsedLines, 0)
        XCTAssertEqual(events.map(\.comm), ["kworker/u8:3", "my task-name", "a: b [1] c"])
        XCTAssertEqual(events.map(\.pid), [1234, 99, 77])
    }

    func testSyscalls_kernelAndTraceCmdStylesGiveTheSameEvent() throws {
        let (kernel, _) = try read("""
                  xfs_io-3447    [000] .....  2025.835764: sys_pwrite64(fd: 3, buf: 0x7ffd221eff10, count: 0x1000, pos: 0)
                  xfs_io-3447    [000] .....  2025.835766: sys_pwrite64 -> 0x1000

        """)
        let (report, _) = try read("""
        cpus=2
                  xfs_io-3447  [000]  2025.835764: sys_enter_pwrite64:   fd: 0x00000003, buf: 0x7ffd221eff10, count: 0x00001000, pos: 0x00000000
                  xfs_io-3447  [000]  2025.835766: sys_exit_pwrite64:    0x1000

        """)
        XCTAssertEqual(kernel.map(\.name), ["sys_enter_pwrite64", "sys_exit_pwrite64"])
        XCTAssertEqual(report.map(\.name), kernel.map(\.name))
        XCTAssertEqual(kernel.map(\.system), ["syscalls", "syscalls"])
        XCTAssertEqual(kernel[0].fields, [EventField("fd", .uint(3)), EventField("buf", .uint(0x7ffd221eff10)),
                                          EventField("count", .uint(4096)), EventField("pos", .uint(0))])
        XCTAssertEqual(report[0].fields, kernel[0].fields)
        XCTAssertEqual(kernel[1].fields, [EventField("ret", .uint(4096))])
        XCTAssertEqual(report[1].fields, kernel[1].fields)
    }

    /// 7.x prints the bytes a buffer argument points at after the pointer, in parentheses
    /// with their own ", ": the fields after it are still the syscall's (seen on the series'
    /// 7.3-rc7 kernel).
    func testSyscalls_withTheBufferBytesOf7x_keepEveryArgument() throws {
        let (kernel, d) = try read("""
                  xfs_io-114     [001] .....    28.050217: sys_pwrite64(fd: 3, buf: 0x558875bc8000 (cd:cd:cd:cd, ...), count: 0x1000, pos: 0x1000)
                  xfs_io-114     [001] .....    28.050300: sys_openat(dfd: 0xffffff9c, filename: 0x7ffd5e3c ("/mnt/a (1)"), flags: 0x42, mode: 0x1b6)

        """)
        XCTAssertEqual(d.unparsedLines, 0)
        XCTAssertEqual(kernel[0].fields, [EventField("fd", .uint(3)), EventField("buf", .uint(0x558875bc8000)),
                                          EventField("count", .uint(4096)), EventField("pos", .uint(4096))])
        XCTAssertEqual(kernel[1].fields.map(\.name), ["dfd", "filename", "flags", "mode"])
        XCTAssertEqual(kernel[1]["flags"], .uint(0x42))
    }

    /// On a real 7.3 capture every pwrite64 of the text has the count and position its
    /// trace.dat record holds.
    func testSyscalls_of73Capture_equalItsTraceDat() throws {
        let dir = Fixtures.path("iomap/seq-write-4k/iomap")
        let text = try Fixtures.events(dir + "/trace.txt.zst").0.filter { $0.name == "sys_enter_pwrite64" }
        let dat = try Fixtures.events(dir + "/trace.dat").0.filter { $0.name == "sys_enter_pwrite64" }
        XCTAssertEqual(text.count, 256)
        XCTAssertEqual(text.map { $0["count"] }, dat.map { $0["count"] })
        XCTAssertEqual(text.map { $0["pos"] }, dat.map { $0["pos"] })
        XCTAssertEqual(text.compactMap { $0["pos"]?.uint }, (0..<256).map { UInt64($0) * 4096 })
    }

    func testTraceCmdReport_instancePrefixAndLatencyColumn() throws {
        let (events, d) = try read("""
        cpus=2
        corpus:   xfs_io-3447    0.....  2025.835764: ext4_sync_fs: dev 7,1 wait 1
        corpus:   ksoftirqd/0-14 1..s..  2025.835766: ext4_sync_fs: dev 7,1 wait 0

        """)
        XCTAssertEqual(d.cpus, 2)
        XCTAssertEqual(events.map(\.instance), ["corpus", "corpus"])
        XCTAssertEqual(events.map(\.cpu), [0, 1])
        XCTAssertEqual(events.map(\.comm), ["xfs_io", "ksoftirqd/0"])
    }

    func testPerfScript_systemAndEventFromTheLine() throws {
        let (events, _) = try read("          xfs_io  6249 [001]  2213.614504:              ext4:ext4_es_lookup_extent_enter: dev 254,0 ino 14106637 lblk 4\n")
        let e = try XCTUnwrap(events.first)
        XCTAssertEqual(e.system, "ext4"); XCTAssertEqual(e.name, "ext4_es_lookup_extent_enter")
        XCTAssertEqual(e.pid, 6249); XCTAssertEqual(e.cpu, 1)
        XCTAssertEqual(e["dev"], .string("254:0")); XCTAssertEqual(e["ino"], .uint(14106637))
    }

    func testLostEventMarkers_areCounted() throws {
        let (events, d) = try read("""
        # tracer: nop
        ##### CPU 1 buffer started ####
                  xfs_io-3447    [001] .....  2025.835764: ext4_sync_fs: dev 7,1 wait 1
        CPU:1 [LOST 123 EVENTS]
                  xfs_io-3447    [001] .....  2025.835766: ext4_sync_fs: dev 7,1 wait 1
        CPU:0 [45 EVENTS DROPPED]

        """)
        XCTAssertEqual(events.count, 2)
        XCTAssertEqual(d.lostEvents, 168)
        XCTAssertEqual(d.lostEventMarkers, 2)
        XCTAssertEqual(d.unparsedLines, 0)
    }

    func testSeriesTracepoints_decodeWithTheSeriesPrintFormat() throws {
        let (events, d) = try read("          xfs_io-3447    [000] .....  2025.836836: ext4_iomap_buffered_write_begin: dev 7:1 ino 12 m_lblk 0 m_len 16 m_flags N m_seq 3 orig_off 0x0 orig_len 0x1000 iomap_flags 0x1\n")
        XCTAssertEqual(d.genericFallbacks, 0)
        let e = try XCTUnwrap(events.first)
        XCTAssertEqual(e.system, "ext4")
        // Named as the series' TP_STRUCT names them (fixtures/iomap/formats), not as printed.
        XCTAssertEqual(e.fields.map(\.name), ["dev", "ino", "m_lblk", "m_len", "m_flags", "m_seq", "offset", "length", "iomap_flags"])
        XCTAssertEqual(e["length"], .uint(4096))
        XCTAssertEqual(e["m_flags"], .string("N"))
    }

    func testUnknownEvent_yieldsGenericFields() throws {
        let (events, _) = try read("          xfs_io-3447    [000] .....  2025.836836: my_probe: dev 7,1 ino=12 name: foo, size 4096\n")
        let e = try XCTUnwrap(events.first)
        XCTAssertEqual(e.name, "my_probe")
        XCTAssertEqual(e["dev"], .string("7:1"))
        XCTAssertEqual(e["ino"], .uint(12))
        XCTAssertEqual(e["name"], .string("foo"))
        XCTAssertEqual(e["size"], .uint(4096))
    }

    func testOctalMode_andComputedTernary() throws {
        let (events, _) = try read("""
                  xfs_io-3447    [001] .....  2025.836920: ext4_request_inode: dev 7,1 dir 2 mode 0100600
                  xfs_io-3447    [000] .....  2025.836831: ext4_es_lookup_extent_exit: dev 7,1 ino 2 found 0 [0/0) 0 

        """)
        XCTAssertEqual(events[0]["mode"], .uint(0o100600))
        XCTAssertEqual(events[1]["pblk"], .uint(0))
        XCTAssertEqual(events[1]["status"], .string(""))
    }
}

/// Writes `text` to a fresh temporary file and returns its path. The files live in one
/// directory of this test process's, removed when it exits, so no run leaves them in /tmp.
func temporaryFile(_ text: String, suffix: String = ".txt") -> String {
    var template = Array("\(temporaryDirectory)/trace-XXXXXX\(suffix)".utf8CString)
    let fd = template.withUnsafeMutableBufferPointer { mkstemps($0.baseAddress!, Int32(suffix.utf8.count)) }
    precondition(fd >= 0, "cannot create a temporary file")
    let bytes = Array(text.utf8)
    _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    close(fd)
    return String(cString: template)
}

/// `/tmp/ext4trace-tests-PID`, made on first use and removed at exit.
let temporaryDirectory: String = {
    let dir = "/tmp/ext4trace-tests-\(getpid())"
    mkdir(dir, 0o700)
    atexit { try? FileManager.default.removeItem(atPath: "/tmp/ext4trace-tests-\(getpid())") }
    return dir
}()

/// `--formats DIR`: another kernel's `events/` tree overrides the bundled formats.
final class FormatDirectoryTests: XCTestCase {
    func testAnotherKernelsFormat_overridesTheBundledOne() throws {
        let root = "/tmp/ext4trace-formats-\(getpid())"
        let dir = root + "/ext4/ext4_sync_fs"
        defer {
            unlink(dir + "/format"); rmdir(dir); rmdir(root + "/ext4"); rmdir(root)
        }
        XCTAssertEqual(mkdir(root, 0o755) == 0 || errno == EEXIST, true)
        XCTAssertEqual(mkdir(root + "/ext4", 0o755) == 0 || errno == EEXIST, true)
        XCTAssertEqual(mkdir(dir, 0o755) == 0 || errno == EEXIST, true)
        // A patched kernel that prints `wait` as hex and adds a field.
        let format = """
        name: ext4_sync_fs
        ID: 999
        format:
        \tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;
        \tfield:dev_t dev;\toffset:8;\tsize:4;\tsigned:0;
        \tfield:int wait;\toffset:12;\tsize:4;\tsigned:1;
        \tfield:unsigned int extra;\toffset:16;\tsize:4;\tsigned:0;

        print fmt: "dev %d,%d wait 0x%x extra %u", ((unsigned int) ((REC->dev) >> 20)), ((unsigned int) ((REC->dev) & ((1U << 20) - 1))), REC->wait, REC->extra

        """
        let fd = open(dir + "/format", O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        _ = Array(format.utf8).withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        close(fd)
        let registry = try FormatRegistry.loading(eventsDirectory: root)
        let line = "          xfs_io-3447    [000] .....  2025.836836: ext4_sync_fs: dev 7,1 wait 0x1f extra 5\n"
        let (events, d) = try Fixtures.events(temporaryFile(line), options: TraceReadOptions(formats: registry))
        XCTAssertEqual(d.genericFallbacks, 0)
        XCTAssertEqual(events.first?.fields, [EventField("dev", .string("7:1")), EventField("wait", .uint(31)), EventField("extra", .uint(5))])
        XCTAssertThrowsError(try FormatRegistry.loading(eventsDirectory: "/nonexistent")) { error in
            XCTAssertEqual((error as? TraceError)?.kind, .io)
        }
    }
}
