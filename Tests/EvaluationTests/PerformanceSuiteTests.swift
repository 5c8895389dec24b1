import Testing
import SynthMath
import SynthTable
@testable import Evaluation

/// The performance suite (TSTR / TRTR) against controls: labels without signal score chance, a
/// one-label synthetic target scores 0 (SynthCity's value for a model that cannot be trained). Its learners
/// are checked against XGBoost and scikit-learn in DetectionOracleTests; no SynthCity value is pasted.
@Suite struct PerformanceSuiteTests {
    static func input(real: Table = Fixtures.medium(real: true), synthetic: Table = Fixtures.medium(real: false)) -> EvaluationInput {
        var m = Fixtures.mediumMetadata
        m.target = "flag"
        m.task = .classification
        return EvaluationInput(real: real, synthetic: synthetic, metadata: m, seed: 4)
    }

    static func details(_ r: MetricResult) -> [String: Double] {
        guard case .object(let o)? = r.details else { return [:] }
        return o.compactMapValues { if case .number(let x) = $0 { return x } else { return nil } }
    }

    @Test func xgbReportsItsThreeKeys() throws {
        let r = PerformanceSuite.suite["xgb"]!.compute(Self.input())
        let d = Self.details(r)
        for key in ["gt", "syn_id", "syn_ood"] { #expect(d[key] != nil, "\(key) missing: \(r.error ?? r.reason ?? "")") }
        #expect(r.value == d["syn_id"])
        #expect(d["id_rows"] == 240 && d["ood_rows"] == 60)
    }

    @Test func syntheticWithShuffledLabelsScoresChanceAndOneLabelScoresZero() throws {
        // Negative control: the synthetic target shuffled (seeded) carries no signal, so TSTR ≈ 0.5 while
        // TRTR on the same real folds stays high.
        let syn = Fixtures.medium(real: false)
        var rng = RandomStream(seed: 3)
        let flags = syn["flag"]!.doubles()
        let shuffled = rng.permutation(flags.count).map { flags[$0] == 1 }
        var columns = syn.columns
        columns[columns.firstIndex { $0.name == "flag" }!] = .boolean("flag", shuffled.map { $0 })
        for learner in ["xgb", "linear_model"] {
            let r = PerformanceSuite.suite[learner]!.compute(Self.input(synthetic: try Table(columns: columns)))
            let d = Self.details(r)
            #expect(abs((r.value ?? 0) - 0.5) < 0.15, "\(learner) TSTR with shuffled labels: \(r.value ?? .nan)")
            #expect((d["gt"] ?? 0) > 0.65, "\(learner) TRTR: \(d["gt"] ?? .nan)")
        }
        columns[columns.firstIndex { $0.name == "flag" }!] = .boolean("flag", Array(repeating: true, count: flags.count))
        let one = PerformanceSuite.suite["xgb"]!.compute(Self.input(synthetic: try Table(columns: columns)))
        #expect(one.value == 0)
    }

    @Test func notApplicableWithoutATargetAndAnErrorForATextRegressionTarget() {
        var i = Self.input()
        i.metadata.task = .none
        #expect(PerformanceSuite.suite["xgb"]!.compute(i).status == .notApplicable)
        i.metadata.task = .regression
        i.metadata.target = "cat"
        #expect(PerformanceSuite.suite["linear_model"]!.compute(i).status == .error)
    }

    @Test func mlpLearnsTheRealSignalAndNotShuffledLabels() throws {
        // The MLP learner under the same controls, binary target: TRTR above chance, the detail names it.
        let r = PerformanceSuite.suite["mlp"]!.compute(Self.input())
        let d = Self.details(r)
        #expect((d["gt"] ?? 0) > 0.65, "mlp TRTR: \(d["gt"] ?? .nan) \(r.error ?? "")")
        guard case .object(let o)? = r.details else { Issue.record("no details"); return }
        #expect(o["learner"] == .string("mlp") && o["score"] == .string("auc"))
    }
}
