import Foundation
import Testing
@testable import SynthMath
import SynthTestSupport

/// Sampling moments within statistical bounds (about 6 standard errors, so a correct sampler passes with
/// overwhelming probability for any seed; the seeds are fixed anyway).
@Suite struct SamplerTests {
    static func moments(_ xs: [Double]) -> (mean: Double, variance: Double) {
        let n = Double(xs.count)
        let mean = xs.reduce(0, +) / n
        return (mean, xs.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1))
    }

    @Test(arguments: [0.05, 0.5, 1, 3.7, 50])
    func gammaMoments(shape: Double) {
        var stream = RandomStream(seed: 100)
        let n = 100_000
        let xs = (0..<n).map { _ in stream.nextGamma(shape: shape) }
        let (mean, variance) = Self.moments(xs)
        #expect(abs(mean - shape) < 6 * (shape / Double(n)).squareRoot())
        // Var of the sample variance ≈ (μ₄ − σ⁴)/n with μ₄ = 3a² + 6a for Gamma(a).
        #expect(abs(variance - shape) < 6 * ((2 * shape * shape + 6 * shape) / Double(n)).squareRoot())
        #expect(xs.allSatisfy { $0 >= 0 })
    }

    @Test func logGammaSurvivesTinyShapes() {
        var stream = RandomStream(seed: 101)
        let logs = (0..<1000).map { _ in stream.nextLogGamma(shape: 1e-3) }
        #expect(logs.allSatisfy { $0.isFinite })
        // E[log X] = ψ(a) for X ~ Gamma(a).
        let n = 20_000
        let mean = (0..<n).map { _ in stream.nextLogGamma(shape: 0.3) }.reduce(0, +) / Double(n)
        #expect(abs(mean - Special.digamma(0.3)) < 6 * (Special.trigamma(0.3) / Double(n)).squareRoot())
    }

    @Test(arguments: [(2.0, 5.0), (0.3, 0.4), (0.01, 2.0), (40.0, 40.0)])
    func betaMoments(ab: (Double, Double)) {
        let (a, b) = ab
        var stream = RandomStream(seed: 102)
        let n = 100_000
        let xs = (0..<n).map { _ in stream.nextBeta(a, b) }
        let mean = a / (a + b), variance = a * b / ((a + b) * (a + b) * (a + b + 1))
        let m = Self.moments(xs)
        #expect(xs.allSatisfy { $0 >= 0 && $0 <= 1 })
        #expect(abs(m.mean - mean) < 6 * (variance / Double(n)).squareRoot())
        // Values in [0, 1]: the fourth central moment is at most the variance.
        #expect(abs(m.variance - variance) < 6 * (variance / Double(n)).squareRoot())
    }

    @Test func dirichletMeans() {
        var stream = RandomStream(seed: 103)
        let alpha = [0.2, 1.0, 3.0, 0.05]
        let total = alpha.reduce(0, +)
        let n = 50_000
        var sums = [Double](repeating: 0, count: alpha.count)
        for _ in 0..<n {
            let x = stream.nextDirichlet(alpha)
            #expect(abs(x.reduce(0, +) - 1) < 1e-12)
            for i in x.indices { sums[i] += x[i] }
        }
        for i in alpha.indices {
            let p = alpha[i] / total
            let variance = p * (1 - p) / (total + 1)
            #expect(abs(sums[i] / Double(n) - p) < 6 * (variance / Double(n)).squareRoot())
        }
    }

    @Test func truncatedNormalMoments() throws {
        var stream = RandomStream(seed: 104)
        let (mean, std, lower, upper) = (1.0, 2.0, -0.5, 6.0)
        let n = 100_000
        let xs = (0..<n).map { _ in stream.nextTruncatedNormal(mean: mean, std: std, lower: lower, upper: upper) }
        #expect(xs.allSatisfy { $0 >= lower && $0 <= upper })
        let alpha = (lower - mean) / std, beta = (upper - mean) / std
        let z = Special.normalCDF(beta) - Special.normalCDF(alpha)
        let expectedMean = mean + std * (Special.normalPDF(alpha) - Special.normalPDF(beta)) / z
        let expectedVariance = std * std * (1 + (alpha * Special.normalPDF(alpha) - beta * Special.normalPDF(beta)) / z
            - pow((Special.normalPDF(alpha) - Special.normalPDF(beta)) / z, 2))
        let m = Self.moments(xs)
        #expect(abs(m.mean - expectedMean) < 6 * (expectedVariance / Double(n)).squareRoot())
        #expect(abs(m.variance - expectedVariance) < 0.03 * expectedVariance)
        // Far upper tail: still inside the bounds and above the lower one.
        let tail = (0..<1000).map { _ in stream.nextTruncatedNormal(mean: 0, std: 1, lower: 12, upper: 13) }
        #expect(tail.allSatisfy { $0 >= 12 && $0 <= 13 })
    }

    /// Pearson χ² of category counts against the weights; with k − 1 degrees of freedom a correct sampler
    /// stays below 40 (k ≤ 8) except with probability below 1e-5.
    static func chiSquare(_ counts: [Int], _ weights: [Double]) -> Double {
        let n = Double(counts.reduce(0, +)), total = weights.reduce(0, +)
        var chi = 0.0
        for (c, w) in zip(counts, weights) where w > 0 {
            let e = n * w / total
            chi += (Double(c) - e) * (Double(c) - e) / e
        }
        return chi
    }

    static let weights = [5.0, 0.0, 1.0, 12.5, 0.25, 3.0, 7.0]

    @Test func aliasTableMatchesWeights() throws {
        let table = try AliasTable(weights: Self.weights)
        var stream = RandomStream(seed: 105)
        var counts = [Int](repeating: 0, count: Self.weights.count)
        for i in table.sample(count: 120_000, using: &stream) { counts[i] += 1 }
        for _ in 0..<1000 { counts[table.sample(using: &stream)] += 1 }
        #expect(counts[1] == 0)
        #expect(Self.chiSquare(counts, Self.weights) < 40)
        #expect(abs(table.probabilities.reduce(0, +) - 1) < 1e-15)
    }

    @Test func cumulativeCategoricalMatchesWeights() throws {
        var stream = RandomStream(seed: 106)
        var counts = [Int](repeating: 0, count: Self.weights.count)
        for _ in 0..<60_000 { counts[try stream.nextCategorical(weights: Self.weights)] += 1 }
        #expect(counts[1] == 0)
        #expect(Self.chiSquare(counts, Self.weights) < 40)
    }

    @Test func invalidWeightsThrow() {
        #expect(throws: SamplingError.emptyWeights) { try AliasTable(weights: []) }
        #expect(throws: SamplingError.invalidWeight(index: 1, value: -2)) { try AliasTable(weights: [1, -2]) }
        #expect(throws: SamplingError.zeroTotalWeight) { try AliasTable(weights: [0, 0]) }
        var stream = RandomStream(seed: 1)
        #expect(throws: SamplingError.self) { try stream.nextCategorical(weights: [1, .infinity]) }
        #expect(SamplingError.zeroTotalWeight.description == "categorical weights sum to zero")
    }

    @Test func multivariateNormalCovariance() throws {
        let covariance = Matrix([[4, 1.2, -0.6], [1.2, 1, 0.3], [-0.6, 0.3, 2.25]])
        let mvn = try MultivariateNormal(mean: [1, -2, 0.5], covariance: covariance)
        var stream = RandomStream(seed: 107)
        let n = 40_000
        let x = mvn.sample(count: n, using: &stream)
        #expect(x.rows == n && x.cols == 3)
        for i in 0..<3 {
            let ci = x.column(i)
            let mi = ci.reduce(0, +) / Double(n)
            #expect(abs(mi - mvn.mean[i]) < 6 * (covariance[i, i] / Double(n)).squareRoot())
            for j in 0...i {
                let cj = x.column(j)
                let mj = cj.reduce(0, +) / Double(n)
                var s = 0.0
                for r in 0..<n { s += (ci[r] - mi) * (cj[r] - mj) }
                let sample = s / Double(n - 1)
                // Var of a sample covariance ≈ (σᵢᵢσⱼⱼ + σᵢⱼ²)/n for Gaussian data.
                let se = ((covariance[i, i] * covariance[j, j] + covariance[i, j] * covariance[i, j]) / Double(n)).squareRoot()
                #expect(abs(sample - covariance[i, j]) < 6 * se, "cov[\(i), \(j)] = \(sample)")
            }
        }
        let single = mvn.sample(using: &stream)
        #expect(single.count == 3)
    }

    @Test func multivariateNormalLogDensityAndErrors() throws {
        // Independent coordinates: the log-density is the sum of univariate ones.
        let mvn = try MultivariateNormal(mean: [1, 2], covariance: Matrix([[4, 0], [0, 0.25]]))
        let a = try NormalDistribution(loc: 1, scale: 2), b = try NormalDistribution(loc: 2, scale: 0.5)
        #expect(isClose(mvn.logPDF([0.3, 2.4]), a.logPDF(0.3) + b.logPDF(2.4), rel: 1e-14))
        #expect(throws: LinearAlgebraError.notPositiveDefinite(order: 2)) {
            try MultivariateNormal(mean: [0, 0], covariance: Matrix([[1, 2], [2, 1]]))
        }
    }

    @Test func distributionSampleMoments() throws {
        let kdeData = CopulasFixtures.cases[0].data
        let kde = try GaussianKDE.fit(kdeData)
        let dataMoments = Self.moments(kdeData)
        let kdeVariance = dataMoments.variance * Double(kdeData.count - 1) / Double(kdeData.count)
            + kde.bandwidth * kde.bandwidth
        let cases: [(any UnivariateDistribution, Double, Double)] = [
            (try NormalDistribution(loc: -3, scale: 2), -3, 4),
            (try UniformDistribution(loc: 2, scale: 6), 5, 3),
            (try BetaDistribution(a: 2, b: 3, loc: 1, scale: 10), 5, 100.0 * 6 / (25 * 6)),
            (try GammaDistribution(a: 2.5, loc: -1, scale: 2), 4, 10),
            (kde, dataMoments.mean, kdeVariance),
        ]
        let n = 60_000
        for (i, (d, mean, variance)) in cases.enumerated() {
            var stream = RandomStream(seed: 200 + UInt64(i))
            let m = Self.moments(d.sample(count: n, using: &stream))
            #expect(abs(m.mean - mean) < 6 * (variance / Double(n)).squareRoot(), "\(d.name) mean \(m.mean)")
            #expect(abs(m.variance - variance) < 0.05 * variance, "\(d.name) variance \(m.variance)")
        }
    }

    @Test func samplingIsReproducible() throws {
        let d = try BetaDistribution(a: 0.5, b: 2, loc: 0, scale: 1)
        var s1 = RandomStream(seed: 9), s2 = RandomStream(seed: 9)
        #expect(d.sample(count: 100, using: &s1) == d.sample(count: 100, using: &s2))
    }
}
