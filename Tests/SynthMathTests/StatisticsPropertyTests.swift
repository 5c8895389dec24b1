import Foundation
import PropertyBased
import Testing
@testable import SynthMath

/// Invariants of the statistics functions on seeded random inputs (swift-property-based generators run with
/// an explicitly seeded Xoshiro, so every run sees the same cases).
@Suite struct StatisticsPropertyTests {
    static let seeds: [UInt64] = Array(1...12)

    /// Small samples on a coarse grid: many ties.
    static let tiedSample = Gen.int(in: 0...12).array(of: 1...40).map { $0.map { Double($0) * 0.5 } }
    static let continuousSample = Gen.double(in: -100...100).array(of: 1...300)
    static let weights = Gen.double(in: 0.01...5).array(of: 300)

    static func rng(_ seed: UInt64) -> Xoshiro { Xoshiro(seed: (seed, seed &* 31, 0x9E37_79B9, 7)) }

    /// D straight from the definition: max over pooled t of |#{x ≤ t}/n − #{y ≤ t}/m|, O((n + m)²).
    static func bruteForceKS(_ x: [Double], _ y: [Double]) -> Double {
        (x + y).map { t in
            abs(Double(x.filter { $0 <= t }.count) / Double(x.count) - Double(y.filter { $0 <= t }.count) / Double(y.count))
        }.max()!
    }

    @Test(arguments: seeds)
    func ksIsSymmetricBoundedAndMatchesTheDefinition(seed: UInt64) throws {
        var g = Self.rng(seed)
        for _ in 0..<4 {
            let x = Self.tiedSample.run(using: &g), y = Self.tiedSample.run(using: &g)
            let xy = try KolmogorovSmirnov.twoSample(x, y), yx = try KolmogorovSmirnov.twoSample(y, x)
            #expect(xy.statistic == yx.statistic && xy.pValue == yx.pValue)
            #expect(xy.statistic >= 0 && xy.statistic <= 1 && xy.pValue >= 0 && xy.pValue <= 1)
            #expect(abs(try KolmogorovSmirnov.statistic(x, y) - Self.bruteForceKS(x, y)) < 1e-15)
            // Identical samples, in any order: D = 0, p = 1.
            let same = try KolmogorovSmirnov.twoSample(x, x.reversed())
            #expect(same.statistic == 0 && same.pValue == 1)
        }
        let a = Self.continuousSample.run(using: &g), b = Self.continuousSample.run(using: &g)
        let d = try KolmogorovSmirnov.statistic(a, b)
        #expect(d == (try KolmogorovSmirnov.statistic(b, a)))
        #expect(abs(d - Self.bruteForceKS(a, b)) < 1e-15)
    }

    /// D(x, x + s) is the largest share of x in a window of width s, so it cannot fall as s grows, and the
    /// p-value (monotone in D for fixed sizes) cannot rise.
    @Test(arguments: seeds)
    func ksGrowsWithTheShiftOfACopy(seed: UInt64) throws {
        var g = Self.rng(seed)
        let x = Self.continuousSample.run(using: &g)
        var previous = (d: -1.0, p: 2.0)
        for shift in [0.0, 1, 5, 20, 60, 150] {
            let r = try KolmogorovSmirnov.twoSample(x, x.map { $0 + shift })
            #expect(r.statistic >= previous.d && r.pValue <= previous.p)
            previous = (r.statistic, r.pValue)
        }
        #expect(try KolmogorovSmirnov.twoSample(x, x.map { $0 + 250 }).statistic == 1)
    }

    @Test(arguments: seeds)
    func wassersteinIsShiftEquivariantAndMatchesSortedPairs(seed: UInt64) throws {
        var g = Self.rng(seed)
        let x = Self.continuousSample.run(using: &g)
        let c = Gen.double(in: -50...50).run(using: &g)
        let shifted = x.map { $0 + c }
        // The shifted values carry one rounding each, so |c| up to a few ulps of the values.
        #expect(abs(try Wasserstein.distance(x, shifted) - abs(c)) <= 1e-12 * 200)
        // Equal sizes: W1 = mean |x_(i) − y_(i)|.
        let y = Gen.double(in: -80...120).array(of: x.count).run(using: &g)
        let pairs = zip(x.sorted(), y.sorted()).map { abs($0 - $1) }.reduce(0, +) / Double(x.count)
        let w = try Wasserstein.distance(x, y)
        #expect(abs(w - pairs) <= 1e-12 * max(1, pairs))
        #expect(w == (try Wasserstein.distance(y, x)))
        // Unit weights change nothing; integer weights replicate values.
        let ones = [Double](repeating: 1, count: x.count)
        #expect(abs(try Wasserstein.distance(x, y, uWeights: ones) - w) <= 1e-12 * max(1, w))
        let twice = try Wasserstein.distance(x, y, uWeights: [Double](repeating: 2, count: x.count))
        #expect(abs(twice - w) <= 1e-12 * max(1, w))
        let ws = Self.weights.run(using: &g).prefix(x.count)
        let weighted = try Wasserstein.distance(x, y, uWeights: Array(ws))
        #expect(weighted >= 0 && weighted.isFinite)
    }

    @Test(arguments: seeds)
    func divergencesAreSymmetricAndBounded(seed: UInt64) throws {
        var g = Self.rng(seed)
        let k = Gen.int(in: 1...20).run(using: &g)
        // Zeros on purpose (support mismatch), but never all zeros: each vector keeps one positive entry at
        // a drawn position, so every seed checks the properties.
        func weights() -> [Double] {
            var w = Gen.double(in: 0...10).array(of: k).run(using: &g).map { $0 < 2 ? 0 : $0 }
            if !w.contains(where: { $0 > 0 }) { w[Gen.int(in: 0...(k - 1)).run(using: &g)] = Gen.double(in: 2...10).run(using: &g) }
            return w
        }
        let p = weights(), q = weights()
        try #require(p.contains { $0 > 0 } && q.contains { $0 > 0 })
        let js = try Divergence.jensenShannonDistance(p, q)
        #expect(js == (try Divergence.jensenShannonDistance(q, p)))
        #expect(js >= 0 && js <= log(2.0).squareRoot() + 1e-15)
        #expect(abs(try Divergence.jensenShannonDistance(p, q, base: 2) - js / log(2.0).squareRoot()) < 1e-12)
        #expect(try Divergence.jensenShannonDistance(p, p) == 0)
        #expect(try Divergence.kullbackLeibler(p, q) >= -1e-15)
        #expect(abs(try Divergence.kullbackLeibler(p, p)) < 1e-15)
        let tv = try Divergence.totalVariation(p, q), vt = try Divergence.totalVariation(q, p)
        #expect(tv >= 0 && tv <= 1 + 1e-15 && tv == vt)
    }

    @Test(arguments: seeds)
    func correlationsAreBoundedAndSpearmanIgnoresMonotoneMaps(seed: UInt64) throws {
        var g = Self.rng(seed)
        let x = Self.continuousSample.run(using: &g)
        let noise = Gen.double(in: -60...60).array(of: x.count).run(using: &g)
        let y = zip(x, noise).map { 0.5 * $0 + $1 }
        let r = try Correlation.pearson(x, y)
        #expect(r.isNaN || (r >= -1 && r <= 1))
        #expect(r.isNaN == (try Correlation.pearson(y, x)).isNaN)
        if !r.isNaN { #expect(abs(r - (try Correlation.pearson(y, x))) < 1e-15) }
        if x.count > 2 {
            #expect(abs(try Correlation.pearson(x, x.map { 3 * $0 - 7 }) - 1) < 1e-12)
            #expect(abs(try Correlation.pearson(x, x.map { -0.25 * $0 + 2 }) + 1) < 1e-12)
        }
        // Ranks survive strictly increasing maps, so ρ is unchanged exactly.
        let rho = try Correlation.spearman(x, y)
        let transformed = try Correlation.spearman(x.map { $0 * $0 * $0 }, y.map { exp($0 / 60) })
        #expect(rho.isNaN ? transformed.isNaN : rho == transformed)
        #expect(rho.isNaN || (rho >= -1 && rho <= 1))
        // With ties too.
        let t1 = Self.tiedSample.run(using: &g)
        let t2 = Gen.int(in: 0...5).array(of: t1.count).run(using: &g).map(Double.init)
        let tied = try Correlation.spearman(t1, t2)
        let tiedTransformed = try Correlation.spearman(t1.map { exp($0) }, t2.map { $0 * $0 * $0 + 1 })
        #expect(tied.isNaN ? tiedTransformed.isNaN : abs(tied - tiedTransformed) < 1e-15)
    }

    @Test(arguments: seeds)
    func ranksSortAndQuantilesAgreeWithSimpleDefinitions(seed: UInt64) throws {
        var g = Self.rng(seed)
        // Long enough for the radix path, with ties, ±0 and infinities mixed in.
        var x = Gen.int(in: -400...400).array(of: 300...700).run(using: &g).map { Double($0) / 8 }
        x[0] = -0.0; x[1] = 0.0; x[2] = .infinity; x[3] = -.infinity; x[4] = .nan
        let sorted = SortedSample(x)
        #expect(sorted.values == x.filter { !$0.isNaN }.sorted() && sorted.droppedNaNCount == 1)
        let ranks = Ranking.averageRanks(x).filter { !$0.isNaN }
        let n = Double(ranks.count)
        #expect(ranks.reduce(0, +) == n * (n + 1) / 2)
        var previous = -Double.infinity
        for q in stride(from: 0.0, through: 1.0, by: 0.05) {
            let v = try Quantiles.quantile(SortedSample(x.filter { $0.isFinite }), q)
            #expect(v >= previous)
            previous = v
        }
        let finite = x.filter { $0.isFinite }
        #expect(try Quantiles.quantile(finite, 0) == finite.min() && Quantiles.quantile(finite, 1) == finite.max())
    }

    @Test(arguments: seeds)
    func histogramsCountEveryValueInRange(seed: UInt64) throws {
        var g = Self.rng(seed)
        let a = Self.continuousSample.run(using: &g), b = Self.continuousSample.run(using: &g).map { $0 * 1.3 + 10 }
        let bins = Gen.int(in: 1...30).run(using: &g)
        let pooled = try Histogram.shared(a, b, bins: bins, range: .pooled)
        #expect(pooled.reference.total == Double(a.count) && pooled.other.total == Double(b.count))
        let reference = try Histogram.shared(a, b, bins: bins)
        let lo = a.min()!, hi = a.max()!
        #expect(reference.other.total == Double(b.filter { $0 >= lo && $0 <= hi }.count))
        #expect(reference.reference.total == Double(a.count))
    }

    @Test(arguments: seeds)
    func contingencyStatisticsAreTransposeInvariant(seed: UInt64) throws {
        var g = Self.rng(seed)
        let rows = Gen.int(in: 2...5).run(using: &g), cols = Gen.int(in: 2...5).run(using: &g)
        let counts = Gen.int(in: 1...40).array(of: rows * cols).run(using: &g).map(Double.init)
        let t = try ContingencyTable(rows: rows, columns: cols, counts: counts)
        let transposed = try ContingencyTable(rows: cols, columns: rows,
                                              counts: (0..<(rows * cols)).map { k in counts[(k % rows) * cols + k / rows] })
        let a = try ChiSquare.independence(t), b = try ChiSquare.independence(transposed)
        #expect(abs(a.statistic - b.statistic) <= 1e-12 * max(1, a.statistic) && a.degreesOfFreedom == b.degreesOfFreedom)
        #expect(a.pValue >= 0 && a.pValue <= 1)
        let v = try t.cramersV(), vt = try transposed.cramersV()
        #expect(v >= 0 && v <= 1 && abs(v - vt) < 1e-12)
    }
}
