import TestSupport
import Testing
@testable import ReferenceFS

/// Seeded random operation sequences (fsx-style) on each model — buffer_head, iomap and
/// delaymap — every invariant checked after every step, with a byte-granular reference for the
/// file size. A failure names its path, seed, mount options and step, and replays from them.
@Suite struct RandomOperationsTests {
    static let seeds: [UInt64] = [1, 2, 3, 17, 1234]
    static let mountOptions = ["", "nodelalloc", "data=journal", "dioread_lock", "data=writeback"]

    @Test(arguments: BufferedIOPaths.names, mountOptions)
    func randomOperations_keepEveryInvariant(path name: String, options: String) throws {
        let path = try #require(BufferedIOPaths.named(name))
        for seed in Self.seeds {
            try Self.run(path: path, seed: seed, options: options)
        }
    }

    /// 250 random writes, writebacks, truncates, punches, fallocates and fsyncs on one file.
    /// Writes go through the path as the kernel drives it: whole write(2) calls on the iomap
    /// paths (`iomap_file_buffered_write`), per-folio `write_begin`/`write_end` on buffer_head.
    static func run(path: any BufferedIOPath, seed: UInt64, options: String) throws {
        let where_ = "\(path.name) seed \(seed) options '\(options)'"
        var rng = SeededRandom(seed: seed)
        var fs = Filesystem(geometry: try Fixtures.geometry("ext4-append-fsync"), options: try MountOptions.parse(options))
        var size: UInt64 = 0
        fs.createInode(12, ctx: OperationContext())
        for step in 0..<250 {
            let ctx = OperationContext(cpu: Int.random(in: 0..<2, using: &rng), pid: 7, timestampNs: UInt64(step) * 1_000_000)
            let pos = UInt64.random(in: 0..<(2 << 20), using: &rng)
            let len = UInt64.random(in: 1..<(128 << 10), using: &rng)
            switch Int.random(in: 0..<10, using: &rng) {
            case 0...4:
                if path.takesWholeWrites(fs) {
                    path.bufferedWrite(&fs, ino: 12, pos: pos, count: len, ctx: ctx)
                } else {
                    var p = pos
                    while p < pos + len {
                        let chunk = min(4096 - p % 4096, pos + len - p)
                        path.writeBegin(&fs, ino: 12, pos: p, len: chunk, ctx: ctx)
                        path.writeEnd(&fs, ino: 12, pos: p, copied: chunk, ctx: ctx)
                        p += chunk
                    }
                }
                size = max(size, pos + len)
            case 5: path.writepages(&fs, ino: 12, request: WritebackRequest(), ctx: ctx)
            case 6:
                fs.setSize(12, to: pos, path: path, ctx: ctx)
                size = pos
            case 7: fs.punchHole(12, offset: pos, len: len, path: path, ctx: ctx)
            case 8: fs.fallocate(12, offset: pos, len: len, keepSize: Bool.random(using: &rng), ctx: ctx)
                if fs[12].sizeBytes > size { size = fs[12].sizeBytes }
            default:
                path.writepages(&fs, ino: 12, request: WritebackRequest(), ctx: ctx)
                fs.syncFile(12, datasync: false, ctx: ctx)
            }
            fs.checkInvariants()
            #expect(fs[12].sizeBytes == size, "\(where_) step \(step)")
            if fs[12].sizeBytes != size { return }
        }
        path.writepages(&fs, ino: 12, request: WritebackRequest(), ctx: OperationContext())
        fs.checkInvariants()
        #expect(fs[12].pages.dirty.isEmpty, "\(where_): writeback leaves no dirty folio")
        #expect(fs[12].status.delayed.isEmpty, "\(where_): writeback leaves no delayed block")
    }
}
