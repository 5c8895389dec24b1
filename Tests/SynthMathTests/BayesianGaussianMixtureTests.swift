import Foundation
import Testing
@testable import SynthMath
import SynthTestSupport

/// The data sets of `BGMReference`, built with arithmetic that is exact in both numpy and Swift.
enum BGMReferenceData {
    /// `m` points around `center` spread over ±`width` with a triangular shape.
    static func cluster(_ center: Double, _ width: Double, _ m: Int) -> [Double] {
        (0..<m).map { i in
            let u1 = (Double((i * 37) % m) + 0.5) / Double(m)
            let u2 = (Double((i * 101) % m) + 0.5) / Double(m)
            return center + width * (u1 + u2 - 1.0)
        }
    }

    static let threeClusters = cluster(-5, 1, 200) + cluster(0, 0.5, 120) + cluster(7, 2, 80)
    /// Like a capital-gain column: a spike at zero, a spread, and a few values at a cap.
    static let zeroSpike = [Double](repeating: 0, count: 300)
        + (0..<60).map { Double(1000 + ($0 * 7919) % 19001) } + [Double](repeating: 99999, count: 5)
    static let small = cluster(1, 0.25, 25) + cluster(3, 0.5, 15)
}

@Suite struct BayesianGaussianMixtureTests {
    static let references: [(String, [Double], BGMReference)] = [
        ("threeClusters", BGMReferenceData.threeClusters, .threeClusters),
        ("zeroSpike", BGMReferenceData.zeroSpike, .zeroSpike),
        ("small", BGMReferenceData.small, .small),
    ]

    /// Tolerance of the sklearn comparison: the same updates in a different summation order (numpy sums
    /// pairwise, this code value by value over distinct values) agree to about 3e-15 relative (measured);
    /// 1e-12 leaves room for other libm builds.
    static let relative = 1e-12
    /// Weights far below 1e-12 come from products of stick-breaking ratios of dead components; compare
    /// them with an absolute floor.
    static let weightFloor = 1e-15

    @Test(arguments: 0..<3)
    func agreesWithScikitLearnFromItsKMeansLabels(_ index: Int) throws {
        let (name, data, ref) = Self.references[index]
        let options = BayesianGaussianMixture1D.Options(components: ref.components)
        let fit = try BayesianGaussianMixture1D.fit(data, initialLabels: ref.labels, options: options)
        #expect(fit.iterations == ref.iterations, "\(name): iterations")
        #expect(fit.converged == ref.converged, "\(name): converged")
        #expect(isClose(fit.lowerBound, ref.lowerBound, rel: Self.relative), "\(name): lower bound \(fit.lowerBound) vs \(ref.lowerBound)")
        for k in 0..<ref.components {
            #expect(isClose(fit.weights[k], ref.weights[k], rel: Self.relative, abs: Self.weightFloor),
                    "\(name): weight \(k) \(fit.weights[k]) vs \(ref.weights[k])")
            #expect(isClose(fit.means[k], ref.means[k], rel: Self.relative), "\(name): mean \(k) \(fit.means[k]) vs \(ref.means[k])")
            #expect(isClose(fit.variances[k], ref.variances[k], rel: Self.relative),
                    "\(name): variance \(k) \(fit.variances[k]) vs \(ref.variances[k])")
            #expect(isClose(fit.concentrationA[k], ref.concentrationA[k], rel: Self.relative), "\(name): a \(k)")
            #expect(isClose(fit.concentrationB[k], ref.concentrationB[k], rel: Self.relative), "\(name): b \(k)")
        }
        let p = fit.predictProba(ref.queries)
        for (i, (mine, theirs)) in zip(p, ref.probabilities).enumerated() {
            #expect(isClose(mine, theirs, rel: 1e-12, abs: 1e-14), "\(name): predict_proba[\(i)] \(mine) vs \(theirs)")
        }
    }

    @Test func recoversWellSeparatedComponents() throws {
        var data = RandomStream(seed: 7)
        let truth = [(weight: 0.5, mean: -20.0, sd: 1.0), (0.3, 0.0, 2.0), (0.2, 30.0, 0.5)]
        var x: [Double] = []
        for (w, mu, sd) in truth {
            for _ in 0..<Int(w * 6000) { x.append(data.nextNormal(mean: mu, std: sd)) }
        }
        data.shuffle(&x)
        var stream = RandomStream(seed: 11)
        let fit = try BayesianGaussianMixture1D.fit(x, stream: &stream)
        let kept = fit.weights.indices.filter { fit.weights[$0] > 0.005 }.sorted { fit.means[$0] < fit.means[$1] }
        #expect(kept.count == 3, "weights \(fit.weights)")
        guard kept.count == 3 else { return }
        // The posterior variance keeps the prior's share, (W0 + Nk Sk + Nk β0/βk (x̄k − m0)²) / (1 + Nk): about
        // sd² + (W0 + (μ − m0)²) / Nk for a well separated component, which is what sklearn reports too.
        let n = Double(x.count), mean = x.reduce(0, +) / n
        let w0 = x.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)
        for (k, (w, mu, sd)) in zip(kept, truth) {
            #expect(abs(fit.weights[k] - w) < 0.02)
            #expect(abs(fit.means[k] - mu) < 0.15 * sd + 0.05)
            let expected = sd * sd + (w0 + (mu - mean) * (mu - mean)) / (w * n)
            #expect(abs(fit.variances[k] / expected - 1) < 0.1, "variance \(fit.variances[k]) vs about \(expected)")
        }
        let p = fit.predictProba([-20, 0, 30])
        for (row, k) in kept.enumerated() { #expect(p[row * fit.componentCount + k] > 0.99) }
    }

    @Test func sameSeedSameFitAndRowOrderDoesNotMatter() throws {
        var rng = RandomStream(seed: 3)
        var x = (0..<2000).map { _ in (rng.nextNormal() * 5).rounded() + (rng.nextDouble() < 0.3 ? 40 : 0) }
        var s1 = RandomStream(seed: 99), s2 = RandomStream(seed: 99)
        let a = try BayesianGaussianMixture1D.fit(x, stream: &s1)
        rng.shuffle(&x)
        let b = try BayesianGaussianMixture1D.fit(x, stream: &s2)
        #expect(a == b)
    }

    @Test func posteriorRowsSumToOne() throws {
        var stream = RandomStream(seed: 5)
        let fit = try BayesianGaussianMixture1D.fit(BGMReferenceData.zeroSpike, stream: &stream)
        let q: [Double] = [-1e6, 0, 500, 12_345.5, 99_999, 1e7]
        let p = fit.predictProba(q)
        for i in q.indices {
            let row = p[(i * fit.componentCount)..<((i + 1) * fit.componentCount)]
            #expect(abs(row.reduce(0, +) - 1) < 1e-12)
            #expect(row.allSatisfy { $0 >= 0 && $0 <= 1 })
        }
    }

    @Test func constantDataFitsOneComponent() throws {
        var stream = RandomStream(seed: 1)
        let fit = try BayesianGaussianMixture1D.fit([Double](repeating: 4.25, count: 50), stream: &stream)
        #expect(fit.weights.max()! > 0.99)
        #expect(fit.means.allSatisfy { abs($0 - 4.25) < 1e-12 })
        #expect(fit.variances.allSatisfy { $0 > 0 && $0.isFinite })
    }

    @Test func rejectsBadInput() {
        var s = RandomStream(seed: 1)
        #expect(throws: BayesianGaussianMixture1D.FitError.tooFewValues(count: 5, components: 10)) {
            try BayesianGaussianMixture1D.fit([1, 2, 3, 4, 5], stream: &s)
        }
        #expect(throws: BayesianGaussianMixture1D.FitError.tooFewValues(count: 1, components: 1)) {
            try BayesianGaussianMixture1D.fit([1], options: .init(components: 1), stream: &s)
        }
        #expect(throws: BayesianGaussianMixture1D.FitError.nonFiniteValue(index: 2)) {
            try BayesianGaussianMixture1D.fit([1, 2, .nan, 4], options: .init(components: 2), stream: &s)
        }
        var bad = BayesianGaussianMixture1D.Options(components: 2)
        bad.weightConcentrationPrior = 0
        #expect(throws: BayesianGaussianMixture1D.FitError.self) {
            try BayesianGaussianMixture1D.fit([1, 2, 3, 4], options: bad, stream: &s)
        }
        let error = BayesianGaussianMixture1D.FitError.tooFewValues(count: 5, components: 10)
        #expect(error.description.contains("10 components to 5 value(s)"))
    }
}

@Suite struct WeightedKMeansTests {
    /// Weighted k-means on distinct values is k-means on the expanded rows: the same draws pick the same
    /// values, and Lloyd's weighted means are the row means.
    @Test(arguments: [UInt64(1), 2, 3])
    func weightsActLikeRepeatedRows(seed: UInt64) {
        var rng = RandomStream(seed: seed)
        let distinct = (0..<40).map { Double($0) * 1.5 + (rng.nextDouble() < 0.5 ? 0 : 30) }.sorted()
        let weights = distinct.map { _ in Double(1 + rng.nextInt(below: 20)) }
        var rows: [Double] = []
        for (x, w) in zip(distinct, weights) { rows += [Double](repeating: x, count: Int(w)) }
        var s1 = RandomStream(seed: seed + 100), s2 = s1
        let grouped = WeightedKMeans1D.fit(values: distinct, weights: weights, clusters: 6, stream: &s1)
        let expanded = WeightedKMeans1D.fit(values: rows, weights: rows.map { _ in 1 }, clusters: 6, stream: &s2)
        for (a, b) in zip(grouped.centers, expanded.centers) { #expect(isClose(a, b, rel: 1e-12)) }
        var row = 0
        for (i, w) in weights.enumerated() {
            for _ in 0..<Int(w) { #expect(grouped.labels[i] == expanded.labels[row]); row += 1 }
        }
    }

    @Test func separatesObviousClusters() {
        let x: [Double] = [0, 0.1, 0.2, 10, 10.1, 10.2, 50, 50.5]
        var s = RandomStream(seed: 4)
        let r = WeightedKMeans1D.fit(values: x, weights: x.map { _ in 1 }, clusters: 3, stream: &s)
        #expect(r.strictlyConverged)
        #expect(Set(r.labels[0..<3]).count == 1 && Set(r.labels[3..<6]).count == 1 && Set(r.labels[6...]).count == 1)
        #expect(Set([r.labels[0], r.labels[3], r.labels[6]]).count == 3)
    }

    @Test func moreClustersThanDistinctValues() {
        var s = RandomStream(seed: 4)
        let r = WeightedKMeans1D.fit(values: [2, 5], weights: [10, 3], clusters: 5, stream: &s)
        #expect(r.centers.count == 5)
        #expect(r.centers.allSatisfy { $0 == 2 || $0 == 5 })
        #expect(r.labels[0] != r.labels[1])
    }
}
