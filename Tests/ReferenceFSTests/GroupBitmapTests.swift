import TestSupport
import Testing
@testable import ReferenceFS

@Suite struct GroupBitmapTests {
    /// Group 1 of the default 4 KiB filesystem: 257 blocks of superblock backup and GDT, so
    /// the first maximal 512-block buddy starts at 512 (block 33280, where every small file of
    /// the corpus lands).
    @Test func firstMaximalBuddy_skipsTheBackupSuperblockArea() {
        var bm = GroupBitmap(clusters: 32768)
        bm.markUsed(0..<257)
        #expect(bm.firstMaximalBuddy(minOrder: 9, maxOrder: 13)?.start == 512)
        #expect(bm.firstMaximalBuddy(minOrder: 11, maxOrder: 13)?.start == 2048)
        #expect(bm.firstMaximalBuddy(minOrder: 4, maxOrder: 13)?.start == 272)
        #expect(bm.largestFreeOrder(maxOrder: 13) == 13)
        bm.checkInvariants()
    }

    @Test(arguments: [7, 99] as [UInt64])
    func randomMarks_matchABoolArray(seed: UInt64) {
        var rng = SeededRandom(seed: seed)
        var bm = GroupBitmap(clusters: 1000)
        var reference = [Bool](repeating: false, count: 1000)
        for step in 0..<300 {
            let lo = Int.random(in: 0..<1000, using: &rng)
            let hi = min(1000, lo + Int.random(in: 0..<50, using: &rng))
            let used = Bool.random(using: &rng)
            if used { bm.markUsed(lo..<hi) } else { bm.markFree(lo..<hi) }
            for c in lo..<hi { reference[c] = used }
            bm.checkInvariants()
            #expect(bm.freeClusters == reference.filter { !$0 }.count, "seed \(seed) step \(step)")
            let start = Int.random(in: 0..<1000, using: &rng)
            #expect(bm.nextFree(from: start) == reference[start...].firstIndex(of: false), "seed \(seed) step \(step)")
        }
    }
}
