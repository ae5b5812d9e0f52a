import Testing
import TraceParser
@testable import ReferenceFS

/// One write(2) is one input, whichever path the capture ran: the same 16 KiB `pwrite64` seen
/// as 7.3's buffer_head events (four 4 KiB `ext4_da_write_begin`/`end`) and as its iomap events
/// (the first `iomap_iter`, then ext4's own mapping and a terminating iteration) predicts the
/// same under each model — one `ext4_iomap_buffered_write_begin` under iomap.
@Suite struct PathIndependentWriteTests {
    static func event(_ system: String, _ name: String, _ ts: UInt64, _ fields: [(String, FieldValue)]) -> TraceEvent {
        let dev: [EventField] = system == "syscalls" ? [] : [EventField("dev", .string("7:1"))]
        return TraceEvent(timestampNs: ts, cpu: 0, pid: 100, comm: "xfs_io", system: system, name: name,
                          fields: dev + fields.map { EventField($0.0, $0.1) }, position: .line(Int(ts)))
    }

    static let create = event("ext4", "ext4_allocate_inode", 1, [("ino", .uint(12)), ("dir", .uint(2)), ("mode", .uint(0o100644))])
    static let enter = event("syscalls", "sys_enter_pwrite64", 2, [("fd", .uint(3)), ("count", .uint(0x4000)), ("pos", .uint(0x4000))])
    static let exit = event("syscalls", "sys_exit_pwrite64", 20, [("ret", .uint(0x4000))])

    /// 7.3's buffer_head path: one begin/end pair per 4 KiB page.
    static let bufferHead: [TraceEvent] = [create, enter] + (0..<4).flatMap { (i: UInt64) -> [TraceEvent] in
        let pos = 0x4000 + i * 4096
        return [event("ext4", "ext4_da_write_begin", 3 + 2 * i, [("ino", .uint(12)), ("pos", .uint(pos)), ("len", .uint(4096))]),
                event("ext4", "ext4_da_write_end", 4 + 2 * i, [("ino", .uint(12)), ("pos", .uint(pos)), ("len", .uint(4096)), ("copied", .uint(4096))])]
    } + [exit]

    /// 7.3's iomap path: the first iteration, ext4's answer (never read), the terminating one.
    static let iomap: [TraceEvent] = [create, enter,
        event("iomap", "iomap_iter", 3, [("ino", .uint(12)), ("pos", .uint(0x4000)), ("length", .uint(0x4000)), ("flags", .string("WRITE (0x1)"))]),
        event("ext4", "ext4_iomap_buffered_write_begin", 4, [("ino", .uint(12)), ("m_lblk", .uint(4)), ("m_len", .uint(4)), ("m_flags", .string("0x100"))]),
        event("iomap", "iomap_iter", 5, [("ino", .uint(12)), ("pos", .uint(0x8000)), ("length", .uint(0)), ("flags", .string("WRITE (0x1)"))]),
        exit]

    static func replay(_ events: [TraceEvent], _ path: any BufferedIOPath) throws -> (ReplayResult, [TraceEvent]) {
        let geometry = try Geometry.parse(dumpe2fs: Fixtures.capture("ext4-seq-write-4k").geometryText ?? "")
        var fs = Filesystem(geometry: geometry, options: MountOptions())
        fs.kernel = .linux7_3
        fs.trace = []
        var r = Replayer(filesystem: fs, path: path)
        r.checksInvariants = true
        for e in events { r.consume(e) }
        return (r.finish(), r.fs.trace ?? [])
    }

    @Test func aSixteenKiBWrite_isOneIomapBegin_fromEitherCapture() throws {
        for events in [Self.bufferHead, Self.iomap] {
            let (_, predicted) = try Self.replay(events, IomapPath())
            let begins = predicted.filter { $0.name == "ext4_iomap_buffered_write_begin" }
            #expect(begins.count == 1)
            #expect(begins.first?.body.contains("m_lblk 4 m_len 4 m_flags 0x100 m_seq 1 orig_off 0x4000 orig_len 0x4000 iomap_flags 0x1") == true)
        }
    }

    @Test(arguments: ["buffer_head", "iomap", "delaymap"])
    func bothCaptures_predictTheSame(model: String) throws {
        let path = try #require(BufferedIOPaths.named(model))
        let (a, _) = try Self.replay(Self.bufferHead, path)
        let (b, _) = try Self.replay(Self.iomap, path)
        #expect(a.inodes == b.inodes && a.handlesByType == b.handlesByType && a.commits == b.commits)
        #expect(a.inodes.first?.sizeBytes == 0x8000)
    }
}
