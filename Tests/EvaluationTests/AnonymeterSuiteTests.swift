import Testing
import SynthCore
import SynthMath
import SynthTable
@testable import Evaluation

/// Anonymeter's risks against anonymeter 1.1.0 (values pasted from scripts/reference/anonymeter_oracles.py):
/// the risk estimate for fixed counts, and on a tiny table with every row attacked the parts of the
/// attacks that involve no random draw (linkability and inference successes, univariate singling out).
@Suite struct AnonymeterSuiteTests {
    // scripts/reference/anonymeter_oracles.py, anonymeter 1.1.0
    let riskFixedCounts = (value: 0.1731898893174202, low: 0.12710339917071795, high: 0.21927637946412243, attackRate: 0.2419823285200036, attackError: 0.0373444684866226)
    let linkabilityCounts = (success: 11, control: 0)
    let inferenceCounts: [String: (success: Int, control: Int)] = ["a": (10, 7), "b": (15, 7), "c": (15, 4), "k": (21, 13)]
    let singlingOutUnivariateCounts = (success: 32, control: 1, queries: 126)

    @Test func riskEstimateEqualsAnonymeter() {
        let r = AttackRisk(attacks: 500, successes: 120, controlSuccesses: 40, baselineSuccesses: 10)
        #expect(abs(r.risk - riskFixedCounts.value) < 1e-12)
        #expect(abs(r.ciLow - riskFixedCounts.low) < 1e-12 && abs(r.ciHigh - riskFixedCounts.high) < 1e-12)
        #expect(abs(r.attackRate.value - riskFixedCounts.attackRate) < 1e-12 && abs(r.attackRate.error - riskFixedCounts.attackError) < 1e-12)
        // The reference notes' closed forms: Wilson at n = 500, k = 0; residual (0.30 − 0.10)/0.90.
        let w = AttackRisk.wilson(successes: 0, of: 500)
        #expect(abs(w.value - 1.9208 / 503.8415) < 1e-5 && abs(w.error - w.value) < 1e-12)
        #expect(AttackRisk(attacks: 500, successes: 0, controlSuccesses: 0, baselineSuccesses: 0).risk == 0)
    }

    /// The script's table: training (seed 21), synthetic (seed 22, b shifted by 0.3, its first ten rows
    /// copied from training), control (seed 23).
    static func tiny(syntheticSeed: UInt64 = 22, copied: Int = 10) -> EvaluationInput {
        func table(_ seed: UInt64, _ shift: Double) -> [[Any?]] {
            var g = Fixtures.LCG(state: seed)
            return (0..<40).map { i in
                let u = (0..<4).map { _ in g.next() }
                let a = 1 + 10 * u[0]
                let letters = ["p", "q", "r"]
                return [a, 2 + a * 0.5 + 3 * u[1] + shift, 5 + 7 * u[2], i % 5 != 0 ? letters[Int(u[3] * 3)] : letters[Int(a) % 3]]
            }
        }
        let ori = table(21, 0), control = table(23, 0)
        var syn = table(syntheticSeed, syntheticSeed == 22 ? 0.3 : 0)
        for i in 0..<copied { syn[i] = ori[i] }
        func make(_ rows: [[Any?]]) -> Table {
            try! Table(columns: ["a", "b", "c"].enumerated().map { j, n in .numerical(n, rows.map { $0[j] as? Double }) }
                       + [.categorical("k", rows.map { $0[3] as? String })])
        }
        let real = make(ori)
        let m = Fixtures.metadata(for: real, sdtypes: ["a": .numerical, "b": .numerical, "c": .numerical, "k": .categorical])
        return EvaluationInput(real: real, synthetic: make(syn), metadata: m, holdout: make(control), seed: 8)
    }

    static func details(_ name: String) -> [String: JSONValue] {
        let r = AnonymeterSuite.suite[name]!.compute(tiny())
        guard case .object(let o)? = r.details else { Issue.record("\(name): \(r.error ?? r.reason ?? "")"); return [:] }
        return o
    }

    static func count(_ d: [String: JSONValue], _ key: String) -> Int? {
        if case .number(let x)? = d[key] { return Int(x) } else { return nil }
    }

    @Test func linkabilityCountsEqualAnonymeter() {
        let d = Self.details("linkability")
        #expect(Self.count(d, "successes") == linkabilityCounts.success && Self.count(d, "control_successes") == linkabilityCounts.control)
    }

    @Test func inferenceCountsEqualAnonymeterForEverySecret() {
        guard case .object(let secrets)? = Self.details("inference")["secrets"] else { Issue.record("no secrets"); return }
        for (secret, expected) in inferenceCounts {
            guard case .object(let d)? = secrets[secret] else { Issue.record("no \(secret)"); continue }
            #expect(Self.count(d, "successes") == expected.success && Self.count(d, "control_successes") == expected.control, "\(secret)")
        }
    }

    @Test func univariateSinglingOutEqualsAnonymeter() {
        let d = Self.details("singling_out_univariate")
        #expect(Self.count(d, "queries") == singlingOutUnivariateCounts.queries)
        #expect(Self.count(d, "successes") == singlingOutUnivariateCounts.success
                && Self.count(d, "control_successes") == singlingOutUnivariateCounts.control)
    }

    @Test func aCopyIsRiskyAndAnIndependentSampleIsNot() throws {
        // Control: synthetic = training copy gives a high linkability and singling-out risk; synthetic = an
        // independent sample of the same population (the control generator with another seed) gives none.
        var copy = Self.tiny()
        copy.synthetic = copy.real
        let linkCopy = try #require(AnonymeterSuite.suite["linkability"]!.compute(copy).value)
        #expect(linkCopy > 0.8, "copy: linkability \(linkCopy)")
        // Every query that singles out a synthetic row singles out its training twin (the rate's denominator
        // stays 500, so on 40 rows the risk itself stays small).
        let so = AnonymeterSuite.suite["singling_out_multivariate"]!.compute(copy)
        guard case .object(let d)? = so.details else { Issue.record("no details"); return }
        #expect(Self.count(d, "successes") == Self.count(d, "queries") && (so.value ?? 0) > 0.1, "\(d)")
        let fresh = Self.tiny(syntheticSeed: 24, copied: 0)
        let linkFresh = try #require(AnonymeterSuite.suite["linkability"]!.compute(fresh).value)
        #expect(linkFresh < 0.2, "independent: linkability \(linkFresh)")
        var none = Self.tiny()
        none.holdout = nil
        #expect(AnonymeterSuite.suite["inference"]!.compute(none).status == .notApplicable)
    }
}
