import Foundation
import Testing
import SynthMath
import SynthTable
@testable import Evaluation

/// Privacy metrics against reference values pasted from scripts/reference/privacy_oracles.py (sdmetrics
/// 0.32.0, scipy 1.17.1) and against brute force.
@Suite struct PrivacyOracleTests {
    // MARK: Reference values (scripts/reference/privacy_oracles.py)

    let sdmetricsDCRSyntheticToTrain: [Double] = [0.0, 0.009615384615384616, 0.28125, 0.05048076923076923, 0.0, 0.14903846153846154, 0.28125, 0.2403846153846154, 0.3076923076923077, 0.1346153846153846, 0.009615384615384616, 0.23076923076923078]
    let sdmetricsOverfitting = (score: 0.6666666666666667, closerToTraining: 0.6666666666666666)
    let kdeData: [[Double]] = [[0.001, 0.221, -0.214], [0.299, 0.128, -0.152], [-0.274, -2.45, 0.176], [-0.891, 0.152, -0.06], [-0.455, 2.718, -0.099], [-0.992, -3.094, -0.557], [0.06, 1.719, -0.006], [1.34, 0.239, -0.222], [-0.492, -1.283, 0.583], [-0.62, 4.001, 0.327], [0.49, 1.525, -0.012], [0.357, -2.399, 0.334], [0.105, 0.149, -0.17], [-0.93, 1.153, 0.526], [-0.029, -0.378, -0.003], [0.695, 1.366, 0.292], [-1.344, -0.133, -0.645], [-0.458, 1.334, 0.173], [-1.901, 2.877, -0.844], [-1.29, -1.351, -1.018], [-1.842, 0.406, -0.152], [-0.235, -0.927, -0.45], [-1.267, 0.255, 0.082], [0.271, -2.374, 1.122], [0.157, -1.159, -0.416], [-0.187, -0.392, -0.312], [-2.517, 1.798, 0.103], [-0.539, 2.29, 0.247], [-0.049, -2.647, -0.088], [0.113, -1.589, -0.103], [-1.53, 1.294, 0.351], [-0.478, -3.985, 0.26], [-0.979, -0.926, -0.517], [-0.809, -0.195, -0.04], [1.061, 2.514, 0.018], [-0.808, 1.379, -0.527], [-0.033, -0.654, 0.13], [0.884, -0.737, -0.429], [-0.584, -0.5, 0.486], [-0.112, 3.047, 0.096]]
    let kdeLogPDF: [Double] = [-2.556081355518883, -4.794194354975701, -6.068943641164304]

    static func mixed(_ x: [Double?], _ n: [Int], _ c: [String], _ f: [Bool]) throws -> Table {
        try Table(columns: [.numerical("x", x), .integer("n", n.map { $0 }), .categorical("c", c.map { $0 }),
                            .boolean("f", f.map { $0 })])
    }

    static let train = try! mixed([0.5, 1.25, 3.0, 4.75, 2.0, nil, 6.5, 0.0, 5.25, 3.5], [1, 4, 2, 8, 5, 3, 7, 6, 2, 9],
                                  ["a", "b", "a", "c", "b", "a", "c", "b", "a", "c"],
                                  [true, false, true, true, false, false, true, false, true, false])
    static let holdout = try! mixed([1.0, 2.75, 4.0, 6.0, nil, 0.25, 5.5, 3.25, 2.25, 4.5], [3, 5, 1, 9, 4, 2, 8, 6, 7, 3],
                                    ["b", "a", "c", "c", "a", "b", "a", "b", "c", "a"],
                                    [false, true, false, true, true, false, false, true, true, false])
    static let synthetic = try! mixed([0.5, 1.5, 3.0, 7.0, nil, 2.5, 4.0, 5.0, -1.0, 3.25, 6.25, 0.75],
                                      [1, 4, 3, 8, 3, 6, 2, 9, 1, 6, 7, 5],
                                      ["a", "b", "b", "c", "a", "c", "a", "b", "b", "a", "c", "c"],
                                      [true, false, true, true, false, true, false, false, true, true, true, false])

    static func metadata(extra: [ColumnMetadata] = []) -> Metadata {
        var m = Metadata.detect(from: train)
        for i in m.columns.indices {
            m.columns[i].sdtype = ["x": .numerical, "n": .numerical, "c": .categorical, "f": .boolean][m.columns[i].name]!
        }
        m.columns += extra
        return m
    }

    static var input: EvaluationInput {
        EvaluationInput(real: train, synthetic: synthetic, metadata: metadata(), holdout: holdout, seed: 3)
    }

    @Test func dcrMatchesSDMetricsRowByRow() throws {
        let nn = try DistanceSuite.gower(Self.input, EvaluationCache(), query: "synthetic", reference: "train")
        #expect(nn.first.count == sdmetricsDCRSyntheticToTrain.count)
        for (a, b) in zip(nn.first, sdmetricsDCRSyntheticToTrain) { #expect(abs(a - b) < 1e-6, "\(a) vs \(b)") }
        let median = try DistanceSuite.suite["dcr_syn_to_train"]!.compute(Self.input).value!
        #expect(abs(median - (try Quantiles.quantile(sdmetricsDCRSyntheticToTrain, 0.5))) < 1e-6)
    }

    @Test func overfittingProtectionMatchesSDMetrics() throws {
        let r = DistanceSuite.suite["dcr_overfitting_protection"]!.compute(Self.input)
        #expect(abs(r.value! - sdmetricsOverfitting.score) < 1e-9)
        #expect(abs(r.details!["closer_to_training"]!.doubleValue! - sdmetricsOverfitting.closerToTraining) < 1e-9)
        let none = DistanceSuite.suite["dcr_overfitting_protection"]!.compute(
            EvaluationInput(real: Self.train, synthetic: Self.synthetic, metadata: Self.metadata(), seed: 3))
        #expect(none.status == .notApplicable)
    }

    @Test func multivariateKDEMatchesScipy() throws {
        let kde = try MultivariateGaussianKDE(data: Matrix(kdeData))
        let points = Matrix([[0.0, 0.0, 0.0], [1.0, -2.0, 0.25], [-0.5, 3.0, -0.75]])
        for (a, b) in zip(kde.logDensity(points), kdeLogPDF) { #expect(abs(a - b) < 1e-9, "\(a) vs \(b)") }
        #expect(kde.ridge == 0)
    }

    // MARK: Brute force

    @Test func blockedNeighboursEqualBruteForce() throws {
        var rng = RandomStream(seed: 11)
        let nq = 37, nr = 2100 + 53, d = 4  // more reference rows than one block
        let q = Matrix(rows: nq, cols: d, storage: (0..<(nq * d)).map { _ in rng.nextNormal() })
        let r = Matrix(rows: nr, cols: d, storage: (0..<(nr * d)).map { _ in (rng.nextNormal() * 4).rounded() / 4 })
        let fast = NearestNeighbors.euclidean(query: q, reference: r)
        let gq: [[Float]] = (0..<d).map { j in (0..<nq).map { Float(j < 2 ? q[$0, j] : q[$0, j].rounded()) } }
        let gr: [[Float]] = (0..<d).map { j in (0..<nr).map { Float(j < 2 ? r[$0, j] : r[$0, j].rounded()) } }
        let gower = NearestNeighbors.gower(query: gq, reference: gr, discreteFrom: 2)
        for i in 0..<nq {
            var e: [Double] = [], g: [Double] = []
            for j in 0..<nr {
                var s = 0.0, t = 0.0
                for k in 0..<d { s += (q[i, k] - r[j, k]) * (q[i, k] - r[j, k]) }
                for k in 0..<d { t += k < 2 ? min(abs(Double(gq[k][i]) - Double(gr[k][j])), 1) : (gq[k][i] == gr[k][j] ? 0 : 1) }
                e.append(s.squareRoot()); g.append(t / Double(d))
            }
            let es = e.sorted(), gs = g.sorted()
            #expect(abs(fast.first[i] - es[0]) < 1e-9 && abs(fast.second[i] - es[1]) < 1e-9)
            #expect(e[fast.index[i]] == es[0])
            #expect(abs(gower.first[i] - gs[0]) < 1e-5 && abs(gower.second[i] - gs[1]) < 1e-5)
        }
        let selfSearch = NearestNeighbors.euclidean(query: q, reference: q, excludeSelf: true)
        #expect(selfSearch.index.enumerated().allSatisfy { $0.offset != $0.element } && selfSearch.first.allSatisfy { $0 > 0 })
    }

    /// The capped self-search (queried rows a subset of the reference, each excluded as its own neighbour) and
    /// the index of the nearest, against brute force; ties between equal rows keep the lower index.
    @Test func cappedSelfSearchEqualsBruteForce() throws {
        var rng = RandomStream(seed: 12)
        let n = 1037, d = 5  // more than two packed blocks, not a multiple of the eight lanes
        let x: [[Float]] = (0..<d).map { j in (0..<n).map { _ in j < 2 ? Float((rng.nextDouble() * 8).rounded() / 8) : (rng.nextDouble() < 0.05 ? -1 : Float(rng.nextInt(below: 3))) } }
        let rows = Array(rng.permutation(n).prefix(41))
        let gower = NearestNeighbors.gower(query: x.map { c in rows.map { c[$0] } }, reference: x, discreteFrom: 2, excluding: rows)
        let m = Matrix(rows: n, cols: d, storage: (0..<(n * d)).map { Double(x[$0 % d][$0 / d]) })
        let euclid = NearestNeighbors.euclidean(query: m.selectingRows(rows), reference: m, excluding: rows)
        for (k, i) in rows.enumerated() {
            var g: [(Double, Int)] = [], e: [(Double, Int)] = []
            for j in 0..<n where j != i {
                var t = 0.0, s = 0.0
                for c in 0..<d {
                    let a = Double(x[c][i]), b = Double(x[c][j])
                    t += c < 2 ? min(abs(a - b), 1) : (a == b ? 0 : 1)
                    s += (a - b) * (a - b)
                }
                g.append((t / Double(d), j)); e.append((s.squareRoot(), j))
            }
            g.sort { $0.0 < $1.0 || ($0.0 == $1.0 && $0.1 < $1.1) }
            e.sort { $0.0 < $1.0 }
            #expect(abs(gower.first[k] - g[0].0) < 1e-6 && abs(gower.second[k] - g[1].0) < 1e-6)
            #expect(gower.index[k] == g[0].1, "row \(i): \(gower.index[k]) vs \(g[0].1)")
            #expect(abs(euclid.first[k] - e[0].0) < 1e-9 && abs(euclid.second[k] - e[1].0) < 1e-9)
        }
        // Negative control: without the exclusion every queried row finds itself at distance 0.
        let withSelf = NearestNeighbors.gower(query: x.map { c in rows.map { c[$0] } }, reference: x, discreteFrom: 2, excluding: nil)
        #expect(withSelf.first.allSatisfy { $0 == 0 })
    }

    @Test func gaussianMixtureRecoversSeparatedClusters() throws {
        var rng = RandomStream(seed: 5)
        let centres = [[-6.0, 0.0], [6.0, 2.0]]
        var rows: [[Double]] = []
        for i in 0..<400 { let c = centres[i % 2]; rows.append([c[0] + rng.nextNormal(), c[1] + 0.5 * rng.nextNormal()]) }
        let gmm = try GaussianMixture(data: Matrix(rows), options: .init(components: 2), seed: 1)
        let found = gmm.means.sorted { $0[0] < $1[0] }
        #expect(abs(found[0][0] + 6) < 0.3 && abs(found[1][0] - 6) < 0.3 && abs(found[1][1] - 2) < 0.2)
        #expect(gmm.weights.allSatisfy { abs($0 - 0.5) < 0.01 })
        // Closed form at a centre: log(½ · N(0; 0, diag(1, 0.25))) ≈ log ½ − log(2π · 0.5).
        let at = gmm.logDensity(Matrix([[6.0, 2.0]]))[0]
        #expect(abs(at - (log(0.5) - log(2 * Double.pi * 0.5))) < 0.15)
    }
}
