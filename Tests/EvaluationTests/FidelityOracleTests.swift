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
