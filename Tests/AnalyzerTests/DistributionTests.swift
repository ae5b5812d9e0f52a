@testable import Analyzer
import XCTest

final class DistributionTests: XCTestCase {
    func testPercentiles_areNearestRankOverExactMicrosecondValues() {
        let d = Distribution((1...100).map { UInt64($0) * 1000 })
        XCTAssertEqual(d.percentile(50), 50_000)
        XCTAssertEqual(d.percentile(90), 90_000)
        XCTAssertEqual(d.percentile(99), 99_000)
        XCTAssertEqual(d.percentile(100), 100_000)
        XCTAssertEqual(d.min, 1000)
        XCTAssertEqual(d.count, 100)
    }

    func testLargeValues_keepThreeSignificantDigitsButExactMax() {
        var d = Distribution()
        d.add(1_234_567)
        XCTAssertEqual(d.percentile(50), 1_234_567)      // clamped to the exact min/max
        d.add(9_876_543)
        XCTAssertEqual(d.percentile(50), 1_234_567)
        XCTAssertEqual(d.max, 9_876_543)
        XCTAssertEqual(Distribution.bucket(9_876_543), 9_870_000)
    }

    func testHistogram_usesOneTwoFiveRangesWithEmptyOnesBetween() {
        let d = Distribution([3000, 4000, 60_000])
        let h = d.histogram()
        XCTAssertEqual(h.map(\.lowerBound), [2000, 5000, 10_000, 20_000, 50_000])
        XCTAssertEqual(h.map(\.count), [2, 0, 0, 0, 1])
        XCTAssertEqual(h.reduce(0) { $0 + $1.count }, d.count)
    }

    func testMerge_equalsAddingEveryValue() {
        var a = Distribution([1, 5, 7000])
        let b = Distribution([2, 123_456])
        a.merge(b)
        XCTAssertEqual(a, Distribution([1, 5, 7000, 2, 123_456]))
    }
}
