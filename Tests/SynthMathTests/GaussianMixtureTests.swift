import Foundation
import Testing
@testable import SynthMath

/// ``GaussianMixture``'s EM against scikit-learn 1.9.1's `GaussianMixture(covariance_type="full", tol=1e-3,
/// reg_covar=1e-6)` from the same hard start (`scripts/reference/gaussian_mixture_em.py fixture`; the values
/// are pasted below): a 600 x 3 table given by a closed formula (more than two of the 256-row blocks the E and
/// M steps work in), started from labels that put most rows in another group's cluster. The k-means start
/// itself draws from numpy's generator and is not compared here (``KMeansTests``).
@Suite struct GaussianMixtureTests {
    enum Sklearn {
        // full: n_iter_ 19, converged_ True
        static let fullIterations = 19
        static let fullConverged = true
        static let fullLowerBound = -4.4979730689992445
        static let fullWeights: [Double] = [0.3947152219122459, 0.5471054218964727, 0.05817935619128126]
        static let fullMeans: [Double] = [-0.641748771599415, -2.3859024581140837, 3.302556251260366, -0.11752455782742398, 1.4744314332806854, -0.14814967827941103, 2.6139626653966688, -0.5255549753586426, 1.9142967398135193]
        static let fullLogDensity: [Double] = [-3.516431251423307, -3.4998109288816894, -6.0465765400002, -103.41777342671143]
        static let fullResponsibilities: [Double] = [0.22528991429221998, 0.7747100857077802, 0.0, 2.899178767791545e-36, 1.0, 1.0010661460315968e-17, 5.3452611733609335e-09, 0.999999994654739, 4.6027960166132815e-127, 1.0, 3.572247305917904e-44, 0.0]
        // threeIterations: n_iter_ 3, converged_ False
        static let threeIterationsIterations = 3
        static let threeIterationsConverged = false
        static let threeIterationsLowerBound = -4.636511644901278
        static let threeIterationsWeights: [Double] = [0.3878354958806816, 0.4079702456044068, 0.2041942585149116]
        static let threeIterationsMeans: [Double] = [-1.183410978152882, -1.925771889884083, 2.9027105229194987, -0.2713670126594841, 1.2934635004586645, -0.10899529217024005, 1.9792465600121456, 0.26214761046962, 1.2369639877992027]
        static let threeIterationsLogDensity: [Double] = [-3.461083402426541, -3.57887291808548, -5.741815376613316, -85.17970828887309]
        static let threeIterationsResponsibilities: [Double] = [0.4038087135172483, 0.5961912864818589, 8.929914764536115e-13, 2.1974565592872452e-34, 0.7739669834684829, 0.2260330165315172, 2.478069794178896e-09, 0.9986805042639546, 0.001319493257975929, 1.7524503507862675e-11, 6.179110755971644e-49, 0.9999999999824781]
    }

    /// The fixture's table: row i in group i % 3, offset by sines and cosines of i.
    static let table: (x: Matrix, labels: [Int]) = {
        let centres = [[-4.0, 0.0, 1.0], [3.0, 2.5, -1.0], [0.5, -3.0, 4.0]]
        var rows: [[Double]] = [], labels: [Int] = []
        for i in 0..<600 {
            let t = Double(i), g = i % 3
            let noise = [1.2 * sin(1.7 * t + 0.3), 0.8 * cos(2.3 * t) + 0.3 * sin(0.9 * t), 0.6 * sin(3.1 * t + 1.0) * cos(0.5 * t)]
            rows.append((0..<3).map { centres[g][$0] + noise[$0] })
            labels.append((g + (i % 2 == 0 ? 1 : 0) + (i % 5 == 0 ? 1 : 0)) % 3)
        }
        return (Matrix(rows), labels)
    }()

    static let probes = Matrix([[-4.0, 0.0, 1.0], [3.0, 2.5, -1.0], [0.0, 0.0, 0.0], [10.0, -5.0, 2.0]])

    /// Every value within `tolerance` (absolute) of scikit-learn's, or the first that is not.
    static func mismatch(_ g: GaussianMixture, weights: [Double], means: [Double], lowerBound: Double, logDensity: [Double],
                         responsibilities: [Double], tolerance: Double) -> String? {
        let pairs: [(String, [Double], [Double])] = [
            ("weights", g.weights, weights), ("means", g.means.flatMap { $0 }, means),
            ("lower bound", [g.meanLogLikelihood], [lowerBound]), ("log density", g.logDensity(probes), logDensity),
            ("responsibilities", g.responsibilities(probes), responsibilities),
        ]
        for (name, ours, theirs) in pairs {
            guard ours.count == theirs.count else { return "\(name): \(ours.count) values, scikit-learn \(theirs.count)" }
            for (a, b) in zip(ours, theirs) where !(abs(a - b) <= tolerance) { return "\(name): \(a) vs \(b)" }
        }
        return nil
    }

    @Test func convergedFitMatchesScikitLearn() throws {
        let g = try GaussianMixture(data: Self.table.x, initialLabels: Self.table.labels, options: .init(components: 3))
        #expect(g.iterations == Sklearn.fullIterations && g.converged == Sklearn.fullConverged)
        let m = Self.mismatch(g, weights: Sklearn.fullWeights, means: Sklearn.fullMeans, lowerBound: Sklearn.fullLowerBound,
                              logDensity: Sklearn.fullLogDensity, responsibilities: Sklearn.fullResponsibilities, tolerance: 1e-9)
        #expect(m == nil, "\(m ?? "")")
    }

    @Test func unconvergedFitMatchesScikitLearn() throws {
        var options = GaussianMixture.Options(components: 3)
        options.maxIterations = 3
        let g = try GaussianMixture(data: Self.table.x, initialLabels: Self.table.labels, options: options)
        #expect(g.iterations == 3 && g.converged == Sklearn.threeIterationsConverged && !g.converged)
        let m = Self.mismatch(g, weights: Sklearn.threeIterationsWeights, means: Sklearn.threeIterationsMeans,
                              lowerBound: Sklearn.threeIterationsLowerBound, logDensity: Sklearn.threeIterationsLogDensity,
                              responsibilities: Sklearn.threeIterationsResponsibilities, tolerance: 1e-9)
        #expect(m == nil, "\(m ?? "")")
    }

    /// Negative control: another reg_covar (1e-2 instead of scikit-learn's 1e-6) moves the fit beyond the tolerance.
    @Test func otherRegularisationDoesNotMatch() throws {
        var options = GaussianMixture.Options(components: 3)
        options.regularisation = 1e-2
        let g = try GaussianMixture(data: Self.table.x, initialLabels: Self.table.labels, options: options)
        #expect(Self.mismatch(g, weights: Sklearn.fullWeights, means: Sklearn.fullMeans, lowerBound: Sklearn.fullLowerBound,
                              logDensity: Sklearn.fullLogDensity, responsibilities: Sklearn.fullResponsibilities,
                              tolerance: 1e-9) != nil)
    }

    /// The blocked E step equals a direct evaluation, row by row, of log Σₖ πₖ N(x | μₖ, Σₖ) with Σₖ = (LₖLₖᵀ).
    @Test func logDensityEqualsDirectSum() throws {
        let g = try GaussianMixture(data: Self.table.x, initialLabels: Self.table.labels, options: .init(components: 3))
        let fast = g.logDensity(Self.table.x)
        for i in stride(from: 0, to: 600, by: 7) {
            let x = Self.table.x.row(i)
            var terms: [Double] = []
            for c in 0..<3 {
                var q = 0.0
                for a in 0..<3 {
                    var z = 0.0
                    for b in 0..<3 { z += g.whitening[c][a, b] * (x[b] - g.means[c][b]) }
                    q += z * z
                }
                terms.append(log(g.weights[c]) + g.logNormalisers[c] - 0.5 * q)
            }
            let m = terms.max()!, direct = m + log(terms.map { exp($0 - m) }.reduce(0, +))
            #expect(abs(fast[i] - direct) < 1e-12 * max(1, abs(direct)), "row \(i): \(fast[i]) vs \(direct)")
        }
    }
}
