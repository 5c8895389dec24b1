import Testing
@testable import SynthMath
import SynthTestSupport

/// Wasserstein-1 against scipy.stats.wasserstein_distance (scipy 1.17.1; `scripts/reference/wasserstein.py`).
@Suite struct WassersteinTests {
    @Test func matchesScipy() throws {
        // The three examples of scipy's docstring.
        #expect(try Wasserstein.distance([0, 1, 3], [5, 6, 8]) == 5.0)
        #expect(isClose(try Wasserstein.distance([0, 1], [0, 1], uWeights: [3, 1], vWeights: [2, 2]), 0.25, rel: 1e-15))
        #expect(isClose(try Wasserstein.distance([3.4, 3.9, 7.5, 7.8], [4.5, 1.4], uWeights: [1.4, 0.9, 3.1, 7.2],
                                                        vWeights: [3.2, 3.5]), 4.078133143804786, rel: 1e-14))
        // Ties.
        #expect(isClose(try Wasserstein.distance(StatTest.lattice(60, 7, 13), StatTest.lattice(45, 5, 11, scale: 2, shift: 0.05)), 0.5038772338772339, rel: 1e-13))
        // 5000 vs 7000, past the radix-sort threshold.
        #expect(isClose(try Wasserstein.distance(StatTest.lattice(5000, 7919, 10007, scale: 3, shift: -1),
                                                        StatTest.lattice(7000, 6007, 10009, scale: 2.5, shift: -0.5)), 0.23804728645060286, rel: 1e-12))
    }

    @Test func nanIsDroppedWithItsWeight() throws {
        // scipy on the NaN-free rows: wasserstein_distance([1, 4, 2.5], [0.5, 3], [2, 1, 0.5], [1, 3]) = 1.125.
        let d = try Wasserstein.distance([1, .nan, 4, 2.5], [0.5, 3, .nan], uWeights: [2, 7, 1, 0.5], vWeights: [1, 3, 5])
        #expect(isClose(d, 1.125, rel: 1e-15))
        #expect(try Wasserstein.distance([1, .nan, 2], [1, 2, .nan]) == 0)
    }

    @Test func degenerateInputs() throws {
        #expect(try Wasserstein.distance([2, 2, 2], [2]) == 0)
        #expect(try Wasserstein.distance([1], [4]) == 3)
        #expect(throws: StatisticsError.emptySample("first sample")) { try Wasserstein.distance([], [1]) }
        #expect(throws: StatisticsError.emptySample("second sample")) { try Wasserstein.distance([1], [.nan]) }
        #expect(throws: StatisticsError.nonFiniteValue("first sample", index: 1)) { try Wasserstein.distance([0, .infinity], [1]) }
        #expect(throws: StatisticsError.negativeValue("weights of the first sample", index: 0)) {
            try Wasserstein.distance([1, 2], [1], uWeights: [-1, 2])
        }
        #expect(throws: StatisticsError.lengthMismatch("values of the second sample", 1, "its weights", 2)) {
            try Wasserstein.distance([1, 2], [1], vWeights: [1, 2])
        }
        #expect(throws: StatisticsError.self) { try Wasserstein.distance([1, 2], [1], uWeights: [0, 0]) }
    }
}
