import Foundation
import Testing
@testable import SynthMath
import SynthTestSupport

@Suite struct GaussianMixture1DTests {
    /// Three well separated components are recovered (weights, means, standard deviations within a few
    /// standard errors), whatever the seed of the k-means++ start.
    @Test(arguments: [UInt64(1), 2, 3])
    func recoversSeparatedComponents(seed: UInt64) throws {
        var rng = RandomStream(seed: seed)
        let truth = [(w: 0.2, m: -10.0, s: 1.0), (w: 0.5, m: 0.0, s: 2.0), (w: 0.3, m: 12.0, s: 0.5)]
        let n = 6000
        let data = (0..<n).map { _ -> Double in
            let u = rng.nextDouble()
            let c = u < 0.2 ? truth[0] : (u < 0.7 ? truth[1] : truth[2])
            return c.m + c.s * rng.nextNormal()
        }
        var fitStream = RandomStream(seed: seed + 10)
        let gmm = try GaussianMixture1D.fit(data, components: 3, stream: &fitStream)
        #expect(gmm.converged)
        let order = (0..<3).sorted { gmm.means[$0] < gmm.means[$1] }
        for (k, j) in order.enumerated() {
            #expect(abs(gmm.weights[j] - truth[k].w) < 0.03, "weight \(gmm.weights[j]) vs \(truth[k].w)")
            #expect(abs(gmm.means[j] - truth[k].m) < 0.2, "mean \(gmm.means[j]) vs \(truth[k].m)")
            #expect(abs(gmm.variances[j].squareRoot() - truth[k].s) < 0.15, "sd vs \(truth[k].s)")
        }
        // Same seed, same fit.
        var again = RandomStream(seed: seed + 10)
        #expect(try GaussianMixture1D.fit(data, components: 3, stream: &again) == gmm)
    }

    /// One component is the sample mean and (population) variance plus reg_covar.
    @Test func oneComponentIsTheMoments() throws {
        let data = [1.0, 2, 4, 7, 11]
        var rng = RandomStream(seed: 1)
        let gmm = try GaussianMixture1D.fit(data, components: 1, stream: &rng)
        #expect(isClose(gmm.means[0], 5, rel: 1e-12))
        #expect(isClose(gmm.variances[0], 13.2 + 1e-6, rel: 1e-12))
        #expect(isClose(gmm.weights[0], 1, rel: 1e-12))
    }

    @Test func badInputThrows() {
        var rng = RandomStream(seed: 1)
        #expect(throws: GaussianMixture1D.FitError.emptyData) { try GaussianMixture1D.fit([], components: 1, stream: &rng) }
        #expect(throws: GaussianMixture1D.FitError.nonFiniteValue(index: 1)) {
            try GaussianMixture1D.fit([1, .nan], components: 1, stream: &rng)
        }
        #expect(throws: GaussianMixture1D.FitError.invalidComponentCount(3, points: 2)) {
            try GaussianMixture1D.fit([1, 2], components: 3, stream: &rng)
        }
    }

    @Test func samplesFollowTheMixture() {
        let gmm = GaussianMixture1D(weights: [0.25, 0.75], means: [-5, 5], variances: [1, 4])
        var rng = RandomStream(seed: 9)
        let x = gmm.sample(count: 20000, stream: &rng)
        let share = Double(x.filter { $0 < 0 }.count) / 20000
        #expect(abs(share - 0.25) < 0.015)
        let mean = x.reduce(0, +) / 20000
        #expect(abs(mean - 2.5) < 0.1)
    }
}
