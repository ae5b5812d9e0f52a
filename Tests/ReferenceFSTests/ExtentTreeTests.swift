import TestSupport
import Testing
@testable import ReferenceFS

@Suite struct ExtentTreeTests {
    func e(_ l: UInt32, _ n: UInt32, _ p: UInt64, unwritten: Bool = false) -> Extent {
        Extent(logicalBlock: l, lengthBlocks: n, physicalBlock: p, isUnwritten: unwritten)
    }

    @Test func insert_appendsToAContiguousNeighbour() {
        var t = ExtentTree()
        t.insert(e(0, 1, 33280))
        t.insert(e(1, 9, 33281))
        #expect(t.extents == [e(0, 10, 33280)])
        t.checkInvariants()
    }

    @Test func insert_keepsApartWhatIsNotPhysicallyContiguous() {
        var t = ExtentTree()
        t.insert(e(0, 1, 33280))
        t.insert(e(1, 9, 33792))
        #expect(t.extents == [e(0, 1, 33280), e(1, 9, 33792)])
    }

    @Test func insert_stopsMergingAtTheMaximumLengths() {
        var t = ExtentTree()
        t.insert(e(0, 32767, 100_000, unwritten: true))
        t.insert(e(32767, 1, 132_767, unwritten: true))
        #expect(t.extents.count == 2, "an unwritten extent holds at most 32767 blocks")
        var w = ExtentTree()
        w.insert(e(0, 32767, 100_000))
        w.insert(e(32767, 1, 132_767))
        #expect(w.extents == [e(0, 32768, 100_000)], "a written one holds 32768")
    }

    /// Writing into the middle of a fallocated extent splits it in three (ext4-falloc-overwrite).
    @Test func convertToWritten_splitsAnUnwrittenExtentInThree() {
        var t = ExtentTree()
        t.insert(e(0, 512, 33280, unwritten: true))
        t.convertToWritten(16, 18)
        #expect(t.extents == [e(0, 16, 33280, unwritten: true), e(16, 2, 33296), e(18, 494, 33298, unwritten: true)])
        t.checkInvariants()
    }

    @Test func convertToWritten_mergesWithWrittenNeighbours() {
        var t = ExtentTree()
        t.insert(e(0, 4, 1000))
        t.insert(e(4, 4, 1004, unwritten: true))
        t.convertToWritten(4, 8)
        #expect(t.extents == [e(0, 8, 1000)])
    }

    @Test func remove_cutsExtentsAtTheEdgesAndReturnsFreedBlocks() {
        var t = ExtentTree()
        t.insert(e(0, 256, 33280))
        let freed = t.remove(25, 75)
        #expect(freed == [33305..<33355])
        #expect(t.extents == [e(0, 25, 33280), e(75, 181, 33355)])
    }

    @Test func goal_followsTheNearestExtent() {
        var t = ExtentTree()
        t.insert(e(10, 1, 33280))
        #expect(t.goal(for: 1, fallback: 0) == 33271, "ext4_ext_find_goal: same distance before")
        #expect(t.goal(for: 256, fallback: 0) == 33526)
        #expect(ExtentTree().goal(for: 5, fallback: 32768) == 32768)
    }

    /// Random inserts over holes, conversions and removals beside a per-block map.
    @Test(arguments: [5, 11, 2024] as [UInt64])
    func randomOperations_matchABlockMap(seed: UInt64) {
        var rng = SeededRandom(seed: seed)
        var t = ExtentTree()
        var reference: [UInt64: (UInt64, Bool)] = [:]
        var nextPhysical: UInt64 = 10_000
        for step in 0..<300 {
            let lo = UInt64.random(in: 0..<300, using: &rng)
            let n = UInt64.random(in: 1..<12, using: &rng)
            switch Int.random(in: 0..<3, using: &rng) {
            case 0:
                guard (lo..<lo + n).allSatisfy({ reference[$0] == nil }) else { continue }
                let unwritten = Bool.random(using: &rng)
                if Bool.random(using: &rng) { nextPhysical += 7 }
                t.insert(e(UInt32(lo), UInt32(n), nextPhysical, unwritten: unwritten))
                for k in 0..<n { reference[lo + k] = (nextPhysical + k, unwritten) }
                nextPhysical += n
            case 1:
                t.convertToWritten(lo, lo + n)
                for b in lo..<lo + n { if let (p, _) = reference[b] { reference[b] = (p, false) } }
            default:
                _ = t.remove(lo, lo + n)
                for b in lo..<lo + n { reference[b] = nil }
            }
            t.checkInvariantsIgnoringRootCapacity()
            for b: UInt64 in 0..<320 {
                let x = t.extent(containing: b).map { ($0.physical(of: b), $0.isUnwritten) }
                #expect(x?.0 == reference[b]?.0 && x?.1 == reference[b]?.1, "seed \(seed) step \(step) block \(b)")
            }
        }
    }
}

extension ExtentTree {
    /// The tree's invariants apart from the in-inode capacity (tests that never grow the tree).
    func checkInvariantsIgnoringRootCapacity() {
        for (k, x) in extents.enumerated() {
            precondition(x.lengthBlocks > 0 && x.lengthBlocks <= x.maxLength)
            if k > 0 { precondition(extents[k - 1].logicalEnd <= UInt64(x.logicalBlock)) }
        }
    }
}

@Suite struct ExtentShiftTests {
    @Test func shiftLeft_closesTheGapAndMergesContiguousExtents() {
        var t = ExtentTree()
        t.insert(Extent(logicalBlock: 0, lengthBlocks: 25, physicalBlock: 1000, isUnwritten: false))
        t.insert(Extent(logicalBlock: 75, lengthBlocks: 10, physicalBlock: 1025, isUnwritten: false))
        t.shift(from: 75, by: -50)
        #expect(t.extents == [Extent(logicalBlock: 0, lengthBlocks: 35, physicalBlock: 1000, isUnwritten: false)])
    }

    @Test func splitThenShiftRight_opensAHole() {
        var t = ExtentTree()
        t.insert(Extent(logicalBlock: 0, lengthBlocks: 10, physicalBlock: 1000, isUnwritten: false))
        t.split(at: 4)
        t.shift(from: 4, by: 6)
        #expect(t.extents == [Extent(logicalBlock: 0, lengthBlocks: 4, physicalBlock: 1000, isUnwritten: false),
                              Extent(logicalBlock: 10, lengthBlocks: 6, physicalBlock: 1004, isUnwritten: false)])
    }
}
