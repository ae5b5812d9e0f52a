import Testing
@testable import ReferenceFS

/// The series' mapping events read back from the model's predicted trace, as the kernel prints
/// them (7.3-rc7 captures).
@Suite struct IomapCallTests {
    static let ctx = OperationContext(cpu: 0, pid: 1, timestampNs: 0)

    @Test func predictedBody_readsBackEveryComparedField() throws {
        let p = PredictedEvent.setIomap("ext4_iomap_map_writeback_range", ino: 12, lblk: 512, len: 512,
                                        mapFlags: PredictedEvent.mapNew | PredictedEvent.mapMapped | PredictedEvent.mapUnwritten,
                                        seq: 18, offset: 0x200000, length: 0x1000, iomapFlags: 0, Self.ctx)
        #expect(p.body.contains("m_flags NMU "))
        let call = try #require(IomapCall(predicted: p))
        #expect(call == IomapCall(ino: 12, lblk: 512, length: 512, mapFlags: 0x830, offset: 0x200000, requestLength: 0x1000))
    }

    /// A hole prints no flag at all (`m_flags  m_seq`); the fields after it still line up.
    @Test func holeWithEmptyFlags_keepsTheFieldsAfterIt() throws {
        let p = PredictedEvent.setIomap("ext4_iomap_zero_begin", ino: 12, lblk: 7, len: 1, mapFlags: 0, seq: 3,
                                        offset: 0x7530, length: 0xad0, iomapFlags: 2, Self.ctx)
        let call = try #require(IomapCall(predicted: p))
        #expect(call.mapFlags == 0 && call.offset == 0x7530 && call.requestLength == 0xad0)
    }

    /// `show_mflags()` text: letters, the delayed bit's leftover hex, or both.
    @Test(arguments: [("NMU", UInt64(0x830)), ("0x100", 0x100), ("M", 0x10), ("U", 0x800), ("", 0), ("N0x100", 0x120)])
    func mapFlagsText_asTheKernelPrintsIt(text: String, value: UInt64) {
        #expect(IomapCall.mapFlags(.string(text)) == value)
    }
}
