import Testing
@testable import SynthMath
import SynthTestSupport

/// Quantiles against numpy.quantile / percentile (method='linear') and scipy.stats.iqr
/// (scripts/reference/correlations_quantiles.py).
@Suite struct QuantilesTests {
    static let values = StatTest.lattice(37, 11, 29, scale: 5, shift: -1)

    @Test func matchesNumpy() throws {
        let qs = [0.0, 0.1, 0.25, 1.0 / 3, 0.5, 0.75, 0.9, 0.999, 1.0]
        let expected = [-1.0, -0.5517241379310345, 0.2068965517241379, 0.5517241379310345, 1.4137931034482758,
                        2.6206896551724137, 3.3793103448275854, 3.821379310344827, 3.8275862068965516]
        #expect(try Quantiles.quantiles(Self.values, qs) == expected)
        #expect(try Quantiles.percentile(Self.values, 37.5) == 0.810344827586207)
        #expect(try Quantiles.interquartileRange(Self.values) == 2.413793103448276)
        // numpy: quantile([1, 2, inf], 0.5) is nan (2 + 0·inf).
        #expect(try Quantiles.quantile([1, 2, .infinity], 0.5).isNaN)
    }

    @Test func nanAndDegenerate() throws {
        #expect(try Quantiles.quantile([.nan, 3, 1, .nan, 2], 0.5) == 2)
        #expect(try Quantiles.quantile([4], 0.3) == 4)
        #expect(try Quantiles.interquartileRange([7, 7, 7]) == 0)
        #expect(throws: StatisticsError.emptySample("sample")) { try Quantiles.quantile([.nan], 0.5) }
        #expect(throws: StatisticsError.emptySample("sample")) { try Quantiles.quantile([], 0.5) }
        #expect(throws: StatisticsError.self) { try Quantiles.quantile([1, 2], 1.5) }
        #expect(throws: StatisticsError.self) { try Quantiles.percentile([1, 2], -1) }
    }

    @Test func outlierRate() throws {
        // numpy on the 43 non-NaN values: fences (-0.5121951219512195, 1.5365853658536586), rate 3/43.
        let v = StatTest.lattice(40, 7, 41) + [5.0, -3.0, 2.2, .nan]
        let fences = try Quantiles.tukeyFences(SortedSample(v))
        #expect(isClose(fences.lower, -0.5121951219512195, rel: 1e-15))
        #expect(isClose(fences.upper, 1.5365853658536586, rel: 1e-15))
        #expect(try Quantiles.iqrOutlierRate(v) == 3.0 / 43)
        #expect(try Quantiles.outlierRate([-1, 0, 1, 2, .nan], outside: fences) == 0.5)
        #expect(try Quantiles.iqrOutlierRate([5, 5, 5, 5]) == 0)
        #expect(throws: StatisticsError.emptySample("values")) { try Quantiles.outlierRate([.nan], outside: fences) }
    }
}
