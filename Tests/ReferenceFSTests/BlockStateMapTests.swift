import ReferenceFS
import XCTest

/// `BlockStateMap` against a plain array of per-block states, after every step of seeded
/// random operation sequences (the seed is printed on failure).
final class BlockStateMapTests: XCTestCase {
    func testRandomSetsAgreeWithPerBlockArray() {
        for seed in UInt64(1)...40 {
            var rng = SplitMix(seed: seed)
            var map = BlockStateMap()
            var plain = [BlockState](repeating: .hole, count: 256)
            let states: [BlockState] = [.hole, .delayed, .unwritten, .written]
            for step in 0..<60 {
                let start = UInt32(rng.next() % 240), len = UInt32(rng.next() % 16) + 1
                let state = states[Int(rng.next() % 4)]
                map.set(start, len, state, physical: state == .unwritten || state == .written ? 10_000 + UInt64(start) : nil)
                for b in start..<(start + len) { plain[Int(b)] = state }
                map.checkInvariants()
                for b in 0..<256 {
                    let run = map.run(at: UInt32(b), limit: 256)
                    XCTAssertEqual(run.state, plain[b], "seed \(seed) step \(step) block \(b)")
                    if run.state == .written || run.state == .unwritten {
                        XCTAssertEqual(run.physical, 10_000 + UInt64(b), "seed \(seed) step \(step) block \(b)")
                    }
                }
            }
        }
    }

    func testHoleRunStopsAtNextExtent() {
        var map = BlockStateMap()
        map.set(10, 5, .delayed)
        XCTAssertEqual(map.run(at: 0, limit: 100), BlockRun(start: 0, length: 10, state: .hole, physical: nil))
        XCTAssertEqual(map.run(at: 12, limit: 100), BlockRun(start: 12, length: 3, state: .delayed, physical: nil))
        XCTAssertEqual(map.run(at: 15, limit: 40), BlockRun(start: 15, length: 25, state: .hole, physical: nil))
    }
}

struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
