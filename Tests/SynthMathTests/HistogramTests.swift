import Testing
@testable import SynthMath
import SynthTestSupport

/// Histograms against numpy.histogram / histogram_bin_edges / digitize, and the divergences against
/// scipy.spatial.distance.jensenshannon, scipy.stats.entropy and scipy.special.kl_div (numpy 2.4.6, scipy 1.17.1;
/// scripts/reference/histograms.py).
@Suite struct HistogramTests {
    @Test func equalWidthMatchesNumpy() throws {
        let v = StatTest.lattice(50, 7, 13, scale: 10, shift: -2)
        let h = try Histogram(v, bins: 6)
        #expect(h.counts == [7, 8, 8, 7, 8, 12])
        #expect(h.edges == [-2.0, -0.46153846153846145, 1.076923076923077, 2.615384615384616, 4.153846153846154,
                            5.6923076923076925, 7.230769230769232])
        // A constant sample widens to ±0.5.
        let c = try Histogram([1, 1, 1], bins: 3)
        #expect(c.counts == [0, 3, 0] && c.edges == [0.5, 0.8333333333333333, 1.1666666666666665, 1.5])
        // NaN is dropped; the maximum lands in the closed last bin.
        let n = try Histogram([0, .nan, 1, 2, 3, 4], bins: 2)
        #expect(n.counts == [2, 3] && n.total == 5)
    }

    static let a = StatTest.lattice(80, 17, 101)
    static let b = StatTest.lattice(70, 23, 103, scale: 1.2, shift: 0.1)

    @Test func sharedBinsMatchNumpy() throws {
        let ref = try Histogram.shared(Self.a, Self.b, bins: 10, range: .reference)
        #expect(ref.reference.edges == [0.009900990099009901, 0.10495049504950495, 0.2, 0.2950495049504951,
                                        0.3900990099009901, 0.48514851485148514, 0.5801980198019803, 0.6752475247524753,
                                        0.7702970297029703, 0.8653465346534653, 0.9603960396039604])
        #expect(ref.reference.edges == ref.other.edges)
        #expect(ref.reference.counts == [10, 7, 9, 7, 8, 8, 6, 9, 6, 10])
        #expect(ref.other.counts == [0, 7, 5, 5, 6, 7, 5, 4, 8, 5])  // values above the real range are not counted
        let pooled = try Histogram.shared(Self.a, Self.b, bins: 10, range: .pooled)
        #expect(isClose(pooled.reference.edges, [0.009900990099009901, 0.13425069691435165, 0.2586004037296934, 0.38295011054503514,
                                0.5072998173603769, 0.6316495241757186, 0.7559992309910604, 0.8803489378064021,
                                1.0046986446217439, 1.1290483514370857, 1.2533980582524273], rel: 1e-15))
        #expect(pooled.reference.counts == [13, 10, 9, 10, 12, 9, 8, 9, 0, 0])
        #expect(pooled.other.counts == [2, 7, 8, 6, 8, 8, 8, 8, 7, 8])

        // Divergences on those histograms.
        #expect(isClose(try Divergence.jensenShannonDistance(ref.reference.counts, ref.other.counts), 0.2408938283690857, rel: 1e-13))
        #expect(isClose(try Divergence.jensenShannonDistance(ref.reference.counts, ref.other.counts, base: 2), 0.28934297539246584, rel: 1e-13))
        // SynthCity's jensenshannon_dist: +1 on every probability before scipy renormalises.
        let p1 = try ref.reference.probabilities(smoothing: .addedProbability(1))
        let q1 = try ref.other.probabilities(smoothing: .addedProbability(1))
        #expect(isClose(try Divergence.jensenShannonDistance(p1, q1), 0.017256919982469136, rel: 1e-12))
        #expect(isClose(try Divergence.kullbackLeibler(pooled.reference.counts, pooled.other.counts), 0.3796455728353305, rel: 1e-13))
        #expect(isClose(try Divergence.kullbackLeibler(pooled.reference.counts, pooled.other.counts, base: 2), 0.5477127852249811, rel: 1e-13))
        #expect(try Divergence.kullbackLeibler(ref.reference.counts, ref.other.counts) == .infinity)
    }

    @Test func smoothing() throws {
        let h = try Histogram([0, 0, 0.5, 2.5, 3], edges: [0, 1, 2, 3])
        #expect(h.counts == [3, 0, 2])
        #expect(try h.probabilities() == [0.6, 0, 0.4])
        #expect(isClose(try h.probabilities(smoothing: .pseudoCount(1)), [0.5, 0.125, 0.375], rel: 1e-15))
        #expect(try h.probabilities(smoothing: .zeroReplacement(1e-11)) == [0.6, 1e-11, 0.4])
        #expect(throws: StatisticsError.self) { try h.probabilities(smoothing: .pseudoCount(-1)) }
        #expect(throws: StatisticsError.emptySample("histogram")) { try Histogram([5, 6], edges: [0, 1]).probabilities() }
    }

    @Test func digitizeMatchesNumpy() throws {
        let edges = try Histogram.equalWidthEdges(bins: 10, lower: 0, upper: 1)
        let xs: [Double] = [-1, 0, 0.05, 0.5, 0.99, 1, 2, .nan]
        let got = edges.withUnsafeBufferPointer { e in xs.map { Histogram.digitize($0, edges: e) } }
        #expect(got == [0, 1, 1, 6, 10, 11, 11, 11])
    }

    @Test func badEdgesAndRanges() throws {
        #expect(throws: StatisticsError.self) { try Histogram([1], edges: [0]) }
        #expect(throws: StatisticsError.self) { try Histogram([1], edges: [0, 2, 1]) }
        #expect(throws: StatisticsError.nonFiniteValue("edges", index: 1)) { try Histogram([1], edges: [0, .infinity]) }
        #expect(throws: StatisticsError.invalidParameter("bins", "0 must be at least 1")) { try Histogram([1, 2], bins: 0) }
        #expect(throws: StatisticsError.emptySample("values")) { try Histogram([.nan], bins: 3) }
        #expect(throws: StatisticsError.nonFiniteValue("values", index: 1)) { try Histogram([1, -.infinity], bins: 3) }
        #expect(throws: StatisticsError.emptySample("reference sample")) { try Histogram.shared([], [1.0], bins: 3) }
    }

    @Test func divergencesMatchScipy() throws {
        #expect(isClose(try Divergence.jensenShannonDistance([1, 0], [0, 1]), 0.8325546111576977, rel: 1e-15))
        #expect(isClose(try Divergence.jensenShannonDistance([1, 0], [0, 1], base: 2), 1.0, rel: 1e-15))
        #expect(isClose(try Divergence.jensenShannonDistance([0.1, 0.4, 0.5], [0.2, 0.2, 0.6]), 0.1666154964735191, rel: 1e-13))
        #expect(isClose(try Divergence.jensenShannonDistance([3, 1, 0, 6], [1, 1, 2, 2]), 0.38562826139261425, rel: 1e-13))
        #expect(isClose(try Divergence.kullbackLeibler([0.1, 0.4, 0.5], [0.2, 0.2, 0.6]), 0.11678337577100627, rel: 1e-13))
        #expect(isClose(try Divergence.kullbackLeibler([3, 1, 0, 6], [1, 1, 2, 2], base: 2), 0.6895006564828345, rel: 1e-13))
        #expect(isClose(try Divergence.klDivSum([0.3, 0.5, 0.2, 1e-11], [0.25, 0.25, 0.4, 0.1]), 0.2626406209659115, rel: 1e-13))
        #expect(try Divergence.klDivSum([0.5, 0.5], [1, 0]) == .infinity)
        #expect(try Divergence.totalVariation([3, 1, 0], [1, 1, 2]) == 0.5)
        // SDMetrics TVComplement's frequencies: real {0: 5, 1: 3}, synthetic {0: 2, 1: 1, 2: 1}.
        #expect(isClose(try Divergence.totalVariation(realCounts: [5, 3, 0], syntheticCounts: [2, 1, 1],
                                                             syntheticOnlyPseudoCount: 1e-6), 0.2499998750000157, rel: 1e-12))
    }

    @Test func divergenceInputErrors() throws {
        #expect(throws: StatisticsError.lengthMismatch("p", 2, "q", 3)) { try Divergence.totalVariation([1, 2], [1, 2, 3]) }
        #expect(throws: StatisticsError.negativeValue("q", index: 0)) { try Divergence.jensenShannonDistance([1, 2], [-1, 2]) }
        #expect(throws: StatisticsError.negativeValue("p", index: 1)) { try Divergence.kullbackLeibler([1, .nan], [1, 2]) }
        #expect(throws: StatisticsError.emptySample("p")) { try Divergence.jensenShannonDistance([0, 0], [1, 2]) }
        #expect(throws: StatisticsError.emptySample("q")) { try Divergence.totalVariation([1, 2], [0, 0]) }
        #expect(throws: StatisticsError.emptySample("p")) { try Divergence.jensenShannonDistance([], []) }
        #expect(throws: StatisticsError.self) { try Divergence.jensenShannonDistance([1], [1], base: 1) }
        #expect(throws: StatisticsError.self) { try Divergence.kullbackLeibler([1], [1], base: -2) }
    }
}
