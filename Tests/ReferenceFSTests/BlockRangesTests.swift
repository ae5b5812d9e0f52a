import TestSupport
import Testing
@testable import ReferenceFS

@Suite struct BlockRangesTests {
    @Test func insert_mergesTouchingRanges() {
        var r = BlockRanges()
        r.insert(0..<4)
        r.insert(8..<10)
        r.insert(4..<8)
        #expect(r.ranges == [0..<10])
        r.checkInvariants()
    }

    @Test func remove_splitsARange() {
        var r = BlockRanges()
        r.insert(0..<10)
        r.remove(3..<5)
        #expect(r.ranges == [0..<3, 5..<10])
        #expect(r.count == 8)
        r.checkInvariants()
    }

    /// Random inserts and removes beside a plain set of numbers, compared after every step.
    @Test(arguments: [1, 2, 3, 42] as [UInt64])
    func randomOperations_matchASet(seed: UInt64) {
        var rng = SeededRandom(seed: seed)
        var r = BlockRanges()
        var reference = Set<UInt64>()
        for step in 0..<400 {
            let lo = UInt64.random(in: 0..<200, using: &rng)
            let hi = lo + UInt64.random(in: 0..<20, using: &rng)
            if Bool.random(using: &rng) {
                r.insert(lo..<hi)
                reference.formUnion(lo..<hi)
            } else {
                r.remove(lo..<hi)
                reference.subtract(lo..<hi)
            }
            r.checkInvariants()
            let members = Set(r.ranges.flatMap { Array($0) })
            #expect(members == reference, "seed \(seed) step \(step)")
            let probe = UInt64.random(in: 0..<220, using: &rng)
            #expect(r.contains(probe) == reference.contains(probe), "seed \(seed) step \(step) probe \(probe)")
        }
    }
}
