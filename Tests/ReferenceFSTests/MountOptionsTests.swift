import Testing
@testable import ReferenceFS

@Suite struct MountOptionsTests {
    @Test func parse_readsTheOptionsThatChangeThePath() throws {
        let o = try MountOptions.parse("data=journal,nodelalloc,commit=30")
        #expect(o.data == .journal && !o.delalloc && o.commitIntervalSeconds == 30)
        #expect(!o.usesDelalloc && !o.usesUnwrittenWriteback)
        let d = try MountOptions.parse("")
        #expect(d.usesDelalloc && d.usesUnwrittenWriteback, "6.18 defaults: delalloc, dioread_nolock")
        #expect(try !MountOptions.parse("dioread_lock").usesUnwrittenWriteback)
        #expect(try !MountOptions.parse("nodelalloc").usesUnwrittenWriteback, "ext4_should_dioread_nolock needs delalloc")
    }

    @Test func parse_rejectsAnUnknownDataMode() {
        #expect(throws: ModelError.self) { try MountOptions.parse("data=fast") }
    }
}
