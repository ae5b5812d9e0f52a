import Testing
import TraceParser
@testable import ReferenceFS

/// The series' mapping events the model emits read back as the fidelity check reads the
/// kernel's (7.3-rc7 captures).
@Suite struct IomapCallTests {
    static let ctx = OperationContext(cpu: 0, pid: 1, timestampNs: 0)

    static func emitted(_ name: String, lblk: UInt64, len: UInt64, mapFlags: UInt32, seq: UInt64,
                        offset: UInt64, length: UInt64, iomapFlags: UInt32) throws -> TraceEvent {
        var fs = Filesystem(geometry: try Geometry.parse(dumpe2fs: try #require(Fixtures.capture("ext4-seq-write-4k").geometryText)),
                            options: MountOptions())
        fs.trace = []
        IomapPath().emitSetIomap(&fs, name, ino: 12, lblk: lblk, len: len, mapFlags: mapFlags, seq: seq,
                                 offset: offset, length: length, iomapFlags: iomapFlags, ctx)
        return try #require(fs.trace?.first)
    }

    @Test func emittedEvent_readsBackEveryComparedField() throws {
        let e = try Self.emitted("ext4_iomap_map_writeback_range", lblk: 512, len: 512,
                                 mapFlags: MappedFlags.new | MappedFlags.mapped | MappedFlags.unwritten,
                                 seq: 18, offset: 0x200000, length: 0x1000, iomapFlags: 0)
        #expect(e["m_flags"] == .string("NMU"))
        let call = try #require(IomapCall(kernel: e))
        #expect(call == IomapCall(ino: 12, lblk: 512, length: 512, mapFlags: 0x830, offset: 0x200000, requestLength: 0x1000))
    }

    /// A hole prints no flag at all (`m_flags  m_seq`); the fields after it still line up.
    @Test func holeWithEmptyFlags_keepsTheFieldsAfterIt() throws {
        let e = try Self.emitted("ext4_iomap_zero_begin", lblk: 7, len: 1, mapFlags: 0, seq: 3,
                                 offset: 0x7530, length: 0xad0, iomapFlags: 2)
        let call = try #require(IomapCall(kernel: e))
        #expect(call.mapFlags == 0 && call.offset == 0x7530 && call.requestLength == 0xad0)
    }

    /// `show_mflags()` text: letters, the delayed bit's leftover hex, or both — and back.
    @Test(arguments: [("NMU", UInt64(0x830)), ("0x100", 0x100), ("M", 0x10), ("U", 0x800), ("", 0), ("N0x100", 0x120)])
    func mapFlagsText_asTheKernelPrintsIt(text: String, value: UInt64) {
        #expect(IomapCall.mapFlags(.string(text)) == value)
        #expect(MappedFlags.text(UInt32(value)) == text)
    }
}
