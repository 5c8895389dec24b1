import Foundation
import Testing
import SynthMath
import SynthTable
@testable import Evaluation

/// The fidelity suite against SynthCity 0.2.12 (values from scripts/reference/detection_oracles.py,
/// section 5) on the medium fixture pair, and against brute force.
@Suite struct FidelityOracleTests {
    let synthcityPRDC = (precision: 0.792, recall: 1.0, density: 0.8112, coverage: 0.9233333333333333)
    let synthcityMMD = (rbf: 0.007333333333333334, linear: 26541150589988.15)
    let synthcityAlphaNaive = (precision: 0.8328, recall: 0.3952000000000001, authenticity: 0.584, authenticityOwnRow: 0.62)
    // section 9, synthcity 0.2.12 (torch 2.2.2): spreads over torch seeds 0..9, and the exact centred case
    let synthcityAlphaOC = (precision: (mean: 0.5957600000000001, sd: 0.05252567795321109, min: 0.5095999999999999, max: 0.688), recall: (mean: 0.34922666666666663, sd: 0.032466861053490614, min: 0.2765333333333333, max: 0.376), authenticity: (mean: 0.5952, sd: 0.059941304623773416, min: 0.456, max: 0.684))
    let synthcityAlphaCentred = (precision: 0.8621793103448276, recall: 0.3952000000000001, authenticity: 0.584)

    static func value(_ metric: String, _ input: EvaluationInput) throws -> MetricResult {
        let r = FidelitySuite.suite[metric]!.compute(input)
        _ = try #require(r.value, "\(metric): \(r.error ?? r.reason ?? "")")
        return r
    }

    @Test func prdcAndMMDMatchSynthCity() throws {
        let input = DetectionOracleTests.mediumInput
        let cache = EvaluationCache()
        func v(_ m: String) -> Double { FidelitySuite.suite[m]!.compute(input, cache: cache).value ?? .nan }
        #expect(abs(v("prdc_precision") - synthcityPRDC.precision) < 1e-12)
        #expect(abs(v("prdc_recall") - synthcityPRDC.recall) < 1e-12)
        #expect(abs(v("prdc_density") - synthcityPRDC.density) < 1e-12)
        #expect(abs(v("prdc_coverage") - synthcityPRDC.coverage) < 1e-12)
        let mmd = FidelitySuite.suite["mmd_rbf"]!.compute(input, cache: cache)
        #expect(abs(try #require(mmd.value) - synthcityMMD.rbf) < 1e-12)
        guard case .object(let d)? = mmd.details, case .number(let linear)? = d["linear"] else { Issue.record("no linear MMD"); return }
        #expect(abs(linear / synthcityMMD.linear - 1) < 1e-9)
    }

    /// Rows 1e9 from the origin with duplicates and near neighbours: the distance expansion's rounding there
    /// is hundreds, so only an exact distance gives duplicates their kernel 1 and near rows theirs. Oracle: the
    /// V-statistic by brute force on the differences. Negative control: the bare expansion, which misses it.
    @Test func rbfMMDIsExactFarFromTheOrigin() {
        let offset = 1e9
        let x = Matrix([[offset, 2, 0.5], [offset + 0.5, 2, 0.5], [offset + 40, 1, 0], [offset, 2, 0.5]])
        let y = Matrix([[offset, 2, 0.5], [offset + 0.25, 2.5, 0.5], [offset - 90, 3, 1]])
        func bruteMean(_ a: Matrix, _ b: Matrix) -> Double {
            var total = 0.0
            for i in 0..<a.rows { for j in 0..<b.rows {
                total += exp(-(0..<a.cols).reduce(0) { s, k in s + (a[i, k] - b[j, k]) * (a[i, k] - b[j, k]) })
            } }
            return total / Double(a.rows * b.rows)
        }
        let brute = bruteMean(x, x) + bruteMean(y, y) - 2 * bruteMean(x, y)
        #expect(abs(MaximumMeanDiscrepancy.rbf(x, y) - brute) < 1e-15)
        // At 1e18 the expansion's terms are multiples of 128, so its kernels are 0 or 1, while four pairs here have
        // kernels 0.73-0.78: a bare expansion must miss at least one of them by more than 0.2.
        var worst = 0.0
        SquaredDistanceBlocks.forEach(query: x, reference: y) { _, _, block in
            for i in 0..<x.rows { for j in 0..<y.rows {
                let exact = (0..<x.cols).reduce(0.0) { s, k in s + (x[i, k] - y[j, k]) * (x[i, k] - y[j, k]) }
                worst = max(worst, abs(exp(-block[i * y.rows + j]) - exp(-exact)))
            } }
        }
        #expect(worst > 0.2, "the bare expansion is exact here, so this test cannot tell the exact path from it")
    }

    @Test func naiveAlphaPrecisionMatchesSynthCity() throws {
        let real = Fixtures.medium(real: true).selectingRows(Array(0..<250))
        let input = EvaluationInput(real: real, synthetic: Fixtures.medium(real: false), metadata: Fixtures.mediumMetadata, seed: 5)
        let cache = EvaluationCache()
        func r(_ m: String) -> MetricResult { FidelitySuite.suite[m]!.compute(input, cache: cache) }
        #expect(abs((r("alpha_precision_naive").value ?? .nan) - synthcityAlphaNaive.precision) < 1e-12)
        #expect(abs((r("beta_recall_naive").value ?? .nan) - synthcityAlphaNaive.recall) < 1e-12)
        let auth = r("authenticity_naive")
        #expect(abs((auth.value ?? .nan) - synthcityAlphaNaive.authenticityOwnRow) < 1e-12)
        guard case .object(let d)? = auth.details, case .number(let sc)? = d["synthcity"] else { Issue.record("no synthcity detail"); return }
        #expect(abs(sc - synthcityAlphaNaive.authenticity) < 1e-12)
    }

    /// The one-class variant: the network's initialisation is its only random choice, so the values are checked
    /// against SynthCity's spread over torch seeds 0..9 (section 9), on the medium pair without its timestamp
    /// (SynthCity embeds unscaled values, and a 1.6e9 column would leave only Float32 rounding to compare).
    @Test func oneClassAlphaPrecisionLiesInSynthCitysSpread() throws {
        let columns = ["x", "y", "z", "cat", "flag", "key"]
        let real = try Fixtures.medium(real: true).selectingColumns(columns).selectingRows(Array(0..<250))
        let syn = try Fixtures.medium(real: false).selectingColumns(columns)
        let m = Fixtures.metadata(for: real, sdtypes: ["x": .numerical, "y": .numerical, "z": .numerical, "cat": .categorical,
                                                      "flag": .boolean, "key": .id], primaryKey: "key")
        let input = EvaluationInput(real: real, synthetic: syn, metadata: m, seed: 5)
        let cache = EvaluationCache()
        for (metric, spread) in [("alpha_precision_oc", synthcityAlphaOC.precision), ("beta_recall_oc", synthcityAlphaOC.recall),
                                 ("authenticity_oc", synthcityAlphaOC.authenticity)] {
            let x = try #require(FidelitySuite.suite[metric]!.compute(input, cache: cache).value)
            let slack = max(2 * spread.sd, 0.02)
            #expect(x >= spread.min - slack && x <= spread.max + slack, "\(metric) = \(x), SynthCity \(spread)")
        }
        // Control: a copy of the real rows is precise (every α-ball holds its share) and not authentic at all.
        let copy = EvaluationInput(real: real, synthetic: real, metadata: m, seed: 5), copyCache = EvaluationCache()
        #expect(FidelitySuite.suite["authenticity_oc"]!.compute(copy, cache: copyCache).value == 0)
        #expect((FidelitySuite.suite["alpha_precision_oc"]!.compute(copy, cache: copyCache).value ?? 0) > 0.95)
    }

    /// The α-precision formulas with a given centre (the one-class path's `emb_center`), exact against
    /// `AlphaPrecision.metrics(X, X_syn, emb_center=0.5·1)` on section 5's scaled rows.
    @Test func alphaPrecisionWithACentreMatchesSynthCity() throws {
        let real = Fixtures.medium(real: true).selectingRows(Array(0..<250)), syn = Fixtures.medium(real: false)
        let input = EvaluationInput(real: real, synthetic: syn, metadata: Fixtures.mediumMetadata, seed: 5)
        var mats = try LabelEncodedMatrix([real, syn].map { try $0.selectingColumns(input.comparedColumns.map(\.name)) },
                                          columns: input.comparedColumns).matrices
        for j in 0..<mats[0].cols {
            let col = mats[0].column(j), lo = col.min()!, hi = col.max()!
            for t in 0..<2 { for i in 0..<mats[t].rows { mats[t][i, j] = (mats[t][i, j] - lo) / (hi > lo ? hi - lo : 1) } }
        }
        let a = try AlphaPrecision(real: mats[0], synthetic: mats[1], centre: [Double](repeating: 0.5, count: mats[0].cols))
        #expect(abs(a.deltaPrecisionAlpha - synthcityAlphaCentred.precision) < 1e-12)
        #expect(abs(a.deltaCoverageBeta - synthcityAlphaCentred.recall) < 1e-12)
        #expect(abs(a.authenticitySynthCity - synthcityAlphaCentred.authenticity) < 1e-12)
    }

    @Test func prdcEqualsBruteForceOnASmallCase() {
        // Brute force straight from the definitions, on 12 + 10 points in the plane.
        var g = Fixtures.LCG(state: 9)
        let real = Matrix(rows: 12, cols: 2, storage: (0..<24).map { _ in (g.next() * 10).rounded() / 2 })
        let fake = Matrix(rows: 10, cols: 2, storage: (0..<20).map { _ in (g.next() * 12).rounded() / 2 })
        func dist(_ a: Matrix, _ i: Int, _ b: Matrix, _ j: Int) -> Double {
            ((a[i, 0] - b[j, 0]) * (a[i, 0] - b[j, 0]) + (a[i, 1] - b[j, 1]) * (a[i, 1] - b[j, 1])).squareRoot()
        }
        func radius(_ a: Matrix, _ i: Int) -> Double { (0..<a.rows).map { dist(a, i, a, $0) }.sorted()[5] }
        let rr = (0..<12).map { radius(real, $0) }, fr = (0..<10).map { radius(fake, $0) }
        let precision = Double((0..<10).filter { j in (0..<12).contains { dist(real, $0, fake, j) < rr[$0] } }.count) / 10
        let recall = Double((0..<12).filter { i in (0..<10).contains { dist(real, i, fake, $0) < fr[$0] } }.count) / 12
        let density = Double((0..<10).map { j in (0..<12).filter { dist(real, $0, fake, j) < rr[$0] }.count }.reduce(0, +)) / 50
        let coverage = Double((0..<12).filter { i in (0..<10).map { dist(real, i, fake, $0) }.min()! < rr[i] }.count) / 12
        let p = PrecisionRecallDensityCoverage(real: real, synthetic: fake)
        // Half-integer coordinates: squared distances are exact, so the comparisons are too.
        #expect([p.precision, p.recall, p.density, p.coverage] == [precision, recall, density, coverage])
        // Negative control: the synthetic points moved far away are neither precise nor covering.
        let far = Matrix(rows: 10, cols: 2, storage: fake.storage.map { $0 + 100 })
        let q = PrecisionRecallDensityCoverage(real: real, synthetic: far)
        #expect(q.precision == 0 && q.coverage == 0 && q.density == 0)
    }
}
